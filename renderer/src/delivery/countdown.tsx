import { clock } from '../ui/format';
import { useNow } from '../ui/use-now';

interface CountdownProps {
  nextAttemptAt: string;
  /** When the wait began (the last attempt's end), for the draining ring. */
  since: string | null;
  compact?: boolean;
}

/** "Retrying in 4:32", ticking each second from nextAttemptAt; nothing ticks over IPC. */
export function Countdown({ nextAttemptAt, since, compact }: CountdownProps) {
  const now = useNow(1000);
  const due = Date.parse(nextAttemptAt);
  const left = due - now;
  const start = since ? Date.parse(since) : due - 300_000;
  const share = Math.min(1, Math.max(0, left / Math.max(1, due - start)));
  const text = left > 0 ? `Retrying in ${clock(left)}` : 'Retrying now…';
  if (compact) return <span className="countdown-compact">{left > 0 ? clock(left) : 'now'}</span>;
  return (
    <span className="countdown" role="timer" aria-live="off" aria-label={text}>
      <svg width="18" height="18" viewBox="0 0 36 36" aria-hidden="true">
        <circle cx="18" cy="18" r="15" className="ring-track" />
        <circle
          cx="18"
          cy="18"
          r="15"
          className="ring-left"
          strokeDasharray={`${(share * 94.25).toFixed(2)} 94.25`}
          transform="rotate(-90 18 18)"
        />
      </svg>
      <span data-testid="countdown">{text}</span>
    </span>
  );
}
