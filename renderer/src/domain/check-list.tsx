import type { Check, CheckGroup, CheckStatus } from '../../../shared/domain-report';
import { STATUS_WORD } from '../../../shared/domain-report';
import { Skeleton } from '../ui/skeleton';
import { CheckCard } from './check-card';
import { STATUSES } from './check-status';

interface CheckListProps {
  checks: Check[];
  /** The sections, in the order shown: the domain report's, or the message report's. */
  groups: { group: CheckGroup; title: string }[];
  /** false while checks are still arriving: a skeleton follows them. */
  done: boolean;
  filter: CheckStatus | null;
  onClearFilter(): void;
}

const rank = (c: Check) => STATUSES.indexOf(c.status);

/** The checks by group, failures first (else the engine's order); empty groups are left out. */
export function CheckList({ checks, groups: order, done, filter, onClearFilter }: CheckListProps) {
  const shown = filter ? checks.filter((c) => c.status === filter) : checks;
  const groups = order
    .map((g) => ({
      ...g,
      checks: shown.filter((c) => c.group === g.group).sort((a, b) => rank(a) - rank(b)),
    }))
    .filter((g) => g.checks.length > 0);
  return (
    <section className="check-groups" aria-label="Checks">
      {filter && (
        <p className="section-note check-filter-note">
          Showing {STATUS_WORD[filter]} checks only ·{' '}
          <button type="button" className="link-button" onClick={onClearFilter}>
            show all
          </button>
        </p>
      )}
      {groups.map((g) => (
        <section key={g.group} className="check-group" aria-label={g.title}>
          <div className="section-head">
            <h3>{g.title}</h3>
            <span className="section-note">{g.checks.length}</span>
          </div>
          <ul className="check-list">
            {g.checks.map((check) => (
              <CheckCard key={`${check.id}|${check.subject ?? ''}`} check={check} />
            ))}
          </ul>
        </section>
      ))}
      {groups.length === 0 &&
        (done || filter ? (
          <p className="section-empty">
            {filter ? `No check is ${STATUS_WORD[filter]}.` : 'No checks were made.'}
          </p>
        ) : (
          <Skeleton rows={5} />
        ))}
      {!done && groups.length > 0 && !filter && <Skeleton rows={2} />}
    </section>
  );
}
