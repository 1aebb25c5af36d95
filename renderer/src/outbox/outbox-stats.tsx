import { useEffect, useState } from 'react';
import type { OutboxStats as Stats } from '../../../shared/outbox';
import { useApi } from '../api/api-context';
import { Alert } from '../ui/alert';
import { ms } from '../ui/format';

/** A count that filters the list to what it counts. */
function Count({ n, word, onFilter }: { n: number; word: string; onFilter(query: string): void }) {
  return (
    <button
      type="button"
      className="stat-filter"
      aria-label={`${n} ${word}: show them`}
      onClick={() => onFilter(word)}
    >
      {n}
    </button>
  );
}

/**
 * Delivered, deferred, bounced and the median latency, asked again at most once a second;
 * a count filters the list to what it counts.
 */
export function OutboxStats({
  version,
  onFilter,
}: {
  version: number;
  onFilter(query: string): void;
}) {
  const api = useApi();
  const [stats, setStats] = useState<Stats | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refresh when the outbox changes
  useEffect(() => {
    const timer = setTimeout(() => {
      api['outbox.stats']({}).then(setStats, () => {});
    }, 300);
    return () => clearTimeout(timer);
  }, [version]);
  if (!stats) return null;
  const r = stats.recipients;
  return (
    <>
      {stats.storageError && (
        <Alert tone="fail" title="The outbox cannot write to disk">
          MXray {stats.storageError}. Nothing starts until it can; nothing queued is lost, and it
          tries again every few seconds. Free some space where the data folder is.
        </Alert>
      )}
      <dl className="outbox-stats" aria-label="Outbox statistics">
        <div className="stat-ok">
          <dt>delivered</dt>
          <dd>
            <Count n={r.delivered} word="delivered" onFilter={onFilter} />
          </dd>
        </div>
        {r.probed > 0 && (
          <div
            className="stat-ok"
            title="Recipients a probe found (it stopped before DATA: nothing was sent)"
          >
            <dt>probed</dt>
            <dd>
              <Count n={r.probed} word="probed" onFilter={onFilter} />
            </dd>
          </div>
        )}
        <div className="stat-warn">
          <dt>deferred</dt>
          <dd>
            <Count n={r.deferred} word="deferred" onFilter={onFilter} />
          </dd>
        </div>
        <div className="stat-fail">
          <dt>bounced</dt>
          <dd>
            <Count n={r.bounced} word="bounced" onFilter={onFilter} />
          </dd>
        </div>
        <Sessions destinations={stats.destinations} />
        {stats.latencyMs.p50 !== null && (
          <div title={`p90 ${ms(stats.latencyMs.p90 ?? 0)}, p99 ${ms(stats.latencyMs.p99 ?? 0)}`}>
            <dt>p50</dt>
            <dd>{ms(stats.latencyMs.p50)}</dd>
          </div>
        )}
      </dl>
    </>
  );
}

/**
 * Sessions running now, and per destination how many it may have at once: its window, which
 * grows as its servers cope and halves on a 421 or "too many connections".
 */
function Sessions({ destinations }: { destinations: Stats['destinations'] }) {
  const all = Object.entries(destinations);
  if (!all.length) return null;
  const running = all.reduce((n, [, d]) => n + d.running, 0);
  const busiest = [...all].sort((a, b) => b[1].running - a[1].running || b[1].window - a[1].window);
  const title = busiest
    .slice(0, 12)
    .map(([name, d]) => `${name}: ${d.running} running, up to ${d.window} at once`)
    .join('\n');
  return (
    <div title={title}>
      <dt>sessions</dt>
      <dd>{running}</dd>
    </div>
  );
}
