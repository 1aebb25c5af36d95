import { useMemo, useState } from 'react';
import type { Verdict, VerifyRun } from '../../../shared/verify';
import { toCsv } from '../../../shared/verify-csv';
import { Countdown } from '../delivery/countdown';
import type { Tone } from '../outbox/delivery-status';
import { StatusBadge } from '../outbox/status-badge';
import { download } from '../ui/download';
import { ProgressBar } from '../ui/progress-bar';
import { VerifyTranscript } from './verify-transcript';

const verdicts: { verdict: Verdict; tone: Tone }[] = [
  { verdict: 'deliverable', tone: 'ok' },
  { verdict: 'undeliverable', tone: 'fail' },
  { verdict: 'risky', tone: 'warn' },
  { verdict: 'unknown', tone: 'muted' },
];
const MAX_ROWS = 2000;
const toneOf = (v: Verdict) => verdicts.find((x) => x.verdict === v)?.tone ?? 'muted';

/** The summary bar (click a verdict to filter), progress, the table, and one row's transcript. */
export function VerifyResults({ run }: { run: VerifyRun }) {
  const [filter, setFilter] = useState<Verdict | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const counts = useMemo(
    () =>
      Object.fromEntries(
        verdicts.map(({ verdict }) => [
          verdict,
          run.results.filter((r) => r.verdict === verdict).length,
        ]),
      ),
    [run.results],
  );
  const matching = filter ? run.results.filter((r) => r.verdict === filter) : run.results;
  // A table of 100,000 rows helps nobody: the first rows, the counts, and the exports hold all.
  const shown = matching.slice(0, MAX_ROWS);
  const chosen = run.results.find((r) => r.address === selected) ?? null;
  return (
    <section className="verify-results" aria-label="Results">
      <ProgressBar value={run.results.length} max={Math.max(1, run.total)} label="Progress" />
      <div className="verify-summary">
        <span className="section-note">
          {run.results.length} of {run.total} {run.done ? 'verified' : 'verified so far…'}
        </span>
        {verdicts.map(({ verdict, tone }) => (
          <button
            key={verdict}
            type="button"
            className={`verdict-filter tone-${tone}`}
            aria-pressed={filter === verdict}
            onClick={() => setFilter(filter === verdict ? null : verdict)}
          >
            <strong>{counts[verdict]}</strong> {verdict}
          </button>
        ))}
        <span className="verify-export">
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              download(`mxray-verify-${run.id.slice(0, 8)}.csv`, toCsv(run.results), 'text/csv')
            }
          >
            Export CSV
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              download(
                `mxray-verify-${run.id.slice(0, 8)}.json`,
                JSON.stringify({ results: run.results, sessions: run.sessions }, null, 2),
                'application/json',
              )
            }
          >
            Export JSON
          </button>
        </span>
      </div>
      <div className="verify-table-wrap">
        <table className="verify-table">
          <thead>
            <tr>
              <th>Address</th>
              <th>Verdict</th>
              <th>Why</th>
              <th>Catch-all</th>
              <th>MX</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr
                key={r.address}
                className={r.address === selected ? 'selected' : undefined}
                onClick={() => setSelected(r.address)}
                data-testid="verify-row"
              >
                <td className="mono">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setSelected(r.address)}
                  >
                    {r.address}
                  </button>
                </td>
                <td>
                  <StatusBadge label={r.verdict} tone={toneOf(r.verdict)} />
                  {r.nextAttemptAt && r.verdict === 'unknown' && (
                    <Countdown nextAttemptAt={r.nextAttemptAt} since={null} compact />
                  )}
                </td>
                <td>{r.reason}</td>
                <td data-label="Catch-all">
                  {r.catchAll === null ? '—' : r.catchAll ? 'yes' : 'no'}
                </td>
                <td className="mono" data-label="MX">
                  {r.mx ?? '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {matching.length > shown.length && (
          <p className="section-note verify-more">
            Showing the first {shown.length.toLocaleString('en')} of{' '}
            {matching.length.toLocaleString('en')}: pick a verdict above to narrow, or export
            everything.
          </p>
        )}
        {shown.length === 0 && (
          <p className="section-empty">
            {run.results.length ? 'No address has this verdict.' : 'Probing…'}
          </p>
        )}
      </div>
      {chosen && <VerifyTranscript runId={run.id} result={chosen} />}
    </section>
  );
}
