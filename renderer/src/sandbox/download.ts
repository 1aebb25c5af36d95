import { useEffect, useState } from 'react';
import { base64Bytes } from '../ui/download';

/** An object URL for base64 content while the component is mounted (attachment links). */
export function useObjectUrl(base64: string, type: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const made = URL.createObjectURL(new Blob([base64Bytes(base64)], { type }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [base64, type]);
  return url;
}
