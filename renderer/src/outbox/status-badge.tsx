import type { Tone } from './delivery-status';

export function StatusBadge({ label, tone }: { label: string; tone: Tone }) {
  return (
    <span className={`badge badge-${tone}`} data-status={label}>
      <span className="badge-dot" />
      {label}
    </span>
  );
}
