import { useCallback, useEffect, useState } from 'react';
import type { DomainReport } from '../../../shared/domain-report';
import { useApi, useConnection } from '../api/api-context';

export type ReportState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string; report: DomainReport | null }
  | { status: 'ready'; report: DomainReport };

/** How far a report has got: it only moves forward, so the furthest copy is the newest. */
const progress = (r: DomainReport) =>
  (r.done ? 1_000_000 : 0) +
  r.checks.length * 1000 +
  r.probes.filter((p) => p.state === 'done').length;

const newer = (current: DomainReport | null, next: DomainReport) =>
  !current || current.id !== next.id || progress(next) >= progress(current);

const lastOf = (s: ReportState) => (s.status === 'ready' || s.status === 'error' ? s.report : null);

/** A report as main has it: fetched once, then replaced by every report.changed for its id. */
export function useDomainReport(id: string | null): ReportState & { retry(): void } {
  const api = useApi();
  const { client } = useConnection();
  const [state, setState] = useState<ReportState>({ status: id ? 'loading' : 'idle' });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt reruns the fetch on Retry
  useEffect(() => {
    if (!id) {
      setState({ status: 'idle' });
      return;
    }
    let live = true;
    setState((s) => {
      const last = lastOf(s);
      return last?.id === id ? { status: 'ready', report: last } : { status: 'loading' };
    });
    const accept = (report: DomainReport) =>
      setState((s) => (newer(lastOf(s), report) ? { status: 'ready', report } : s));
    const stop = client.onBatch((batch) => {
      // A batch may carry several changes: only the last one for this report is drawn.
      let latest: DomainReport | null = null;
      for (const e of batch)
        if (e.name === 'report.changed' && e.payload.report.id === id) latest = e.payload.report;
      if (latest) accept(latest);
    });
    api['report.get']({ id }).then(
      (report) => {
        if (!live) return;
        if (report) accept(report);
        else
          setState({
            status: 'error',
            message: 'This report is no longer kept: check the domain again.',
            report: null,
          });
      },
      (e: Error) =>
        live &&
        setState((s) => ({
          status: 'error',
          message: e.message,
          report: lastOf(s)?.id === id ? lastOf(s) : null,
        })),
    );
    return () => {
      live = false;
      stop();
    };
  }, [id, api, client, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
