import type { Check } from '../../../shared/domain-report';
import { STATUS_WORD } from '../../../shared/domain-report';
import { statusIcon, statusTone } from './check-status';

/** One check: verdict, what it is about, why, what to do, and what it rests on. */
export function CheckCard({ check }: { check: Check }) {
  const tone = statusTone[check.status];
  return (
    <li
      className={`check check-${check.status}`}
      data-testid="check"
      data-check={check.id}
      data-status={check.status}
    >
      <div className="check-head">
        <span className={`badge badge-${tone} check-status`}>
          <span aria-hidden="true">{statusIcon[check.status]}</span>
          {STATUS_WORD[check.status]}
        </span>
        <h4 className="check-title">{check.title}</h4>
        {check.subject && <span className="check-subject mono">{check.subject}</span>}
      </div>
      <p className="check-summary">{check.summary}</p>
      {check.hint && (
        <p className="check-hint">
          <strong>Hint:</strong> {check.hint}
        </p>
      )}
      {check.evidence.length > 0 && (
        <details className="check-evidence">
          <summary>
            Evidence ({check.evidence.length} {check.evidence.length === 1 ? 'line' : 'lines'})
          </summary>
          <pre className="mono">{check.evidence.join('\n')}</pre>
        </details>
      )}
    </li>
  );
}
