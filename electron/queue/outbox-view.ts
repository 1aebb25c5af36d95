import type { OutboxDelivery, OutboxStats } from '../../shared/outbox';
import { isoNow } from '../smtp/clock';
import type { SessionInfo } from '../smtp/session-types';
import type { Delivery } from './delivery-state';

/** A delivery as the contract shows it (times as ISO, no transcript: that is asked for apart). */
export function deliveryView(d: Delivery, session: SessionInfo | null = null): OutboxDelivery {
  return {
    id: d.id,
    messageId: d.messageId,
    domain: d.domain,
    status: d.status,
    createdAt: isoNow(d.createdAt),
    nextAttemptAt:
      d.nextAttemptAt === null || d.status !== 'deferred' ? null : isoNow(d.nextAttemptAt),
    recipients: d.recipients.map((r) => ({
      address: r.address,
      status: r.status,
      tries: r.tries,
      result: r.result,
    })),
    attempts: d.attempts,
    warnings: d.warnings,
    subject: d.summary.subject,
    mailFrom: d.summary.mailFrom,
    routeKind: d.summary.route,
    server: d.summary.server,
    quitAfter: d.summary.quitAfter,
    route: d.route,
    session: session && {
      phase: session.phase,
      host: session.host,
      elapsedMs: session.elapsedMs,
      phaseElapsedMs: session.phaseElapsedMs,
    },
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null)
    : null;

/** Recipients by state, overall and per domain, and delivery latency percentiles. */
export function outboxStats(
  deliveries: Delivery[],
  paused: boolean,
  storageError: string | null = null,
  destinations: Map<string, { running: number; window: number }> = new Map(),
): OutboxStats {
  const zero = () => ({ delivered: 0, probed: 0, bounced: 0, deferred: 0, inFlight: 0 });
  const stats: OutboxStats = {
    paused,
    storageError,
    recipients: zero(),
    perDomain: {},
    destinations: Object.fromEntries(destinations),
    latencyMs: { p50: null, p90: null, p99: null },
  };
  const latencies: number[] = [];
  for (const d of deliveries) {
    const domain = d.domain ?? '(server)';
    stats.perDomain[domain] ??= zero();
    const bucket = stats.perDomain[domain];
    for (const r of d.recipients) {
      const key =
        r.status === 'delivered' || r.status === 'bounced' || r.status === 'probed'
          ? r.status
          : d.status === 'sending' || d.status === 'queued'
            ? 'inFlight'
            : 'deferred';
      if (d.status === 'cancelled' && (key === 'deferred' || key === 'inFlight')) continue;
      stats.recipients[key]++;
      bucket[key]++;
      if (r.status === 'delivered') {
        const last = d.attempts.at(-1)?.endedAt;
        if (last) latencies.push(Date.parse(last) - d.createdAt);
      }
    }
  }
  latencies.sort((a, b) => a - b);
  stats.latencyMs = {
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
  };
  return stats;
}
