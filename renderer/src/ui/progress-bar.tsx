/** A thin progress bar; without a total it sweeps (progress that cannot be counted yet). */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const counted = max > 0;
  return (
    <div
      className="progress-bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={counted ? max : undefined}
      aria-valuenow={counted ? value : undefined}
    >
      <div
        className={counted ? undefined : 'progress-bar-sweep'}
        style={counted ? { width: `${Math.min(100, (value / max) * 100)}%` } : undefined}
      />
    </div>
  );
}
