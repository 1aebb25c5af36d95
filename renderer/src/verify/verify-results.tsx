import { useMemo, useState } from 'react';
import type { Verdict, VerifyResult, VerifyRun } from '../../../shared/verify';
import { toCsv } from '../../../shared/verify-csv';
import { download } from '../ui/download';
import { ProgressBar } from '../ui/progress-bar';
import { VerifyRow, verdicts } from './verify-row';
import { VerifyTranscript } from './verify-transcript';

const MAX_ROWS = 2000;

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
  // Rows in the order the addresses were given, whatever order their results arrive in.
  const rows = useMemo(() => {
    const byAddress = new Map(run.results.map((r) => [r.address, r]));
    return run.addresses.map((address) => ({ address, result: byAddress.get(address) ?? null }));
  }, [run.addresses, run.results]);
  const ordered = useMemo(
    () => rows.flatMap((r): VerifyResult[] => (r.result ? [r.result] : [])),
    [rows],
  );
  const matching = filter ? rows.filter((r) => r.result?.verdict === filter) : rows;
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
              download(`mxray-verify-${run.id.slice(0, 8)}.csv`, toCsv(ordered), 'text/csv')
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
                JSON.stringify({ results: ordered, sessions: run.sessions }, null, 2),
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
              <VerifyRow
                key={r.address}
                address={r.address}
                result={r.result}
                selected={r.address === selected}
                onSelect={setSelected}
              />
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
        {shown.length === 0 && <p className="section-empty">No address has this verdict.</p>}
      </div>
      {chosen && <VerifyTranscript runId={run.id} result={chosen} />}
    </section>
  );
}
