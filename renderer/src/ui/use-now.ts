import { useEffect, useState } from 'react';

/** The time, refreshed every `ms` while mounted: countdowns and ages tick without main. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
