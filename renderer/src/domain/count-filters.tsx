import type { CheckStatus, ReportCounts } from '../../../shared/domain-report';
import { countLabel, STATUSES, statusIcon, statusTone } from './check-status';

interface CountFiltersProps {
  counts: ReportCounts;
  filter: CheckStatus | null;
  onFilter(status: CheckStatus | null): void;
}

/** One button per status with its count: pressing one shows only those checks, again shows all. */
export function CountFilters({ counts, filter, onFilter }: CountFiltersProps) {
  return (
    <>
      {STATUSES.map((status) => (
        <button
          key={status}
          type="button"
          className={`count-filter tone-${statusTone[status]}${counts[status] ? '' : ' zero'}`}
          aria-pressed={filter === status}
          onClick={() => onFilter(filter === status ? null : status)}
          data-status={status}
        >
          <span className="count-icon" aria-hidden="true">
            {statusIcon[status]}
          </span>
          <strong>{counts[status]}</strong> {countLabel(status, counts[status])}
        </button>
      ))}
    </>
  );
}
