import { useEffect, useMemo, useState } from 'react';
import type { LiveTiming, OutboxDelivery } from '../../../shared/outbox';
import { useApi } from '../api/api-context';
import { deliveryStatus } from '../outbox/delivery-status';
import { useOutbox } from '../outbox/outbox-context';
import { StatusBadge } from '../outbox/status-badge';
import { TranscriptView } from '../transcript/transcript-view';
import { Alert } from '../ui/alert';
import { Countdown } from './countdown';
import { ExportMenu } from './export-menu';
import { liveSpot, nodesOf } from './failover-nodes';
import { FailoverPath } from './failover-path';
import { MessageSource } from './message-source';
import { OutcomeSummary } from './outcome-summary';
import { Timeline } from './timeline';
import { TlsPanel } from './tls-panel';

type Tab = 'transcript' | 'tls' | 'message';

/** Follow this delivery while the view shows it: its live detail comes to this window only. */
function useFollowed(id: string) {
  const outbox = useOutbox();
  useEffect(() => {
    outbox.follow(id);
    return () => outbox.follow(null);
  }, [outbox, id]);
  return outbox.followedOf(id);
}

/** The running sessions' waterfalls, one row per attempt not yet on the record. */
function liveRows(timings: LiveTiming[], scope: number | null) {
  const rows = new Map<number, LiveTiming[]>();
  for (const t of timings) {
    if (scope !== null && t.attempt !== scope) continue;
    rows.set(t.attempt, [...(rows.get(t.attempt) ?? []), t]);
  }
  return [...rows].map(([n, list]) => ({ n, label: 'running', timings: list }));
}

/** Why a finished delivery dialled no server (null MX, no such domain, held by the mode…). */
function notDialled(delivery: OutboxDelivery): string | null {
  if (delivery.attempts.length) return null;
  if (delivery.status === 'cancelled') return 'Cancelled before any server was dialled.';
  const why =
    delivery.route?.reason ?? delivery.recipients.find((r) => r.result?.reason)?.result?.reason;
  return why ? `No server was dialled: ${why}` : 'No server was dialled.';
}

export function DeliveryView({ delivery }: { delivery: OutboxDelivery }) {
  const api = useApi();
  const outbox = useOutbox();
  const followed = useFollowed(delivery.id);
  const [tab, setTab] = useState<Tab>('transcript');
  const [scope, setScope] = useState<number | null>(null);
  const [hover, setHover] = useState<{ attempt: number; phase: string } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const sending = delivery.status === 'sending' || delivery.status === 'queued';

  const all = followed?.lines;
  const count = all?.length ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the list grows in place; count says when
  const lines = useMemo(
    () => (!all ? [] : scope === null ? all.slice() : all.filter((l) => l.attempt === scope)),
    [all, count, scope],
  );
  // Each attempt joins the delivery as it ends; the running session is the next number.
  const attempts = delivery.attempts;
  const route = delivery.route;
  const nodes = nodesOf(delivery, route, attempts);
  // Queued waits for a slot: nothing is dialled, and no pane says otherwise.
  const spot = liveSpot(nodes, attempts, delivery.status === 'sending', followed);
  const tls = followed?.tls ?? [...attempts].reverse().find((a) => a.tls)?.tls ?? null;
  const status = deliveryStatus(delivery);
  const act = (run: () => Promise<{ ok: boolean }>, what: string) =>
    run().then(
      (r) => setActionError(r.ok ? null : `${what} is not possible now.`),
      (e: Error) => setActionError(e.message),
    );

  return (
    <article
      className="delivery"
      aria-label={`Delivery to ${delivery.domain ?? delivery.server ?? ''}`}
    >
      <header className="delivery-head">
        <div className="delivery-title">
          <h2 className="mono">{delivery.recipients.map((r) => r.address).join(', ')}</h2>
          <div className="delivery-sub">
            {delivery.subject ? `“${delivery.subject}”` : '(no subject)'} · from{' '}
            <span className="mono">{delivery.mailFrom || '<>'}</span>
            {delivery.quitAfter && <> · probe: stops after {delivery.quitAfter.toUpperCase()}</>}
          </div>
        </div>
        <StatusBadge label={status.label} tone={status.tone} />
        {attempts.some((a) => a.tlsDowngrade) && (
          <StatusBadge label="TLS downgraded to plaintext" tone="warn" />
        )}
        {delivery.status === 'deferred' && delivery.nextAttemptAt && (
          <Countdown
            nextAttemptAt={delivery.nextAttemptAt}
            since={delivery.attempts.at(-1)?.endedAt ?? null}
          />
        )}
        <div className="delivery-actions">
          {delivery.status === 'deferred' && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => act(() => api['outbox.retryNow']({ id: delivery.id }), 'Retry')}
            >
              Retry now
            </button>
          )}
          {(delivery.status === 'deferred' || sending) && (
            <button
              type="button"
              className="button"
              onClick={() => act(() => api['outbox.cancel']({ id: delivery.id }), 'Cancel')}
            >
              Cancel
            </button>
          )}
        </div>
      </header>
      {actionError && <Alert tone="fail" title={actionError} />}
      <OutcomeSummary delivery={delivery} spot={spot} />
      <FailoverPath
        delivery={delivery}
        route={route}
        nodes={nodes}
        attempts={attempts}
        spot={spot}
        sending={sending}
        selected={scope}
        onSelect={setScope}
      />
      <Timeline
        attempts={scope === null ? attempts : attempts.filter((a) => a.n === scope)}
        live={sending ? liveRows(followed?.timings ?? [], scope) : []}
        highlight={hover}
        onHover={setHover}
        idle={sending ? null : notDialled(delivery)}
      />
      <div className="delivery-tabs">
        <div role="tablist" aria-label="Details">
          {(
            [
              ['transcript', 'Transcript'],
              ['tls', 'TLS'],
              ['message', 'Message'],
            ] as const
          ).map(([id, label]) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              onClick={() => setTab(id)}
            >
              {label}
            </button>
          ))}
        </div>
        <ExportMenu delivery={delivery} lines={lines} />
      </div>
      <div className="delivery-panel" role="tabpanel">
        {tab === 'transcript' && followed?.state.status === 'error' && (
          <Alert
            tone="fail"
            title="Could not load the transcript"
            action={{ label: 'Retry', run: () => outbox.retryTranscript() }}
          >
            {followed.state.message}
          </Alert>
        )}
        {tab === 'transcript' && (
          <TranscriptView
            lines={lines}
            version={count}
            live={sending}
            highlight={hover}
            onHover={setHover}
          />
        )}
        {tab === 'tls' && <TlsPanel tls={tls} />}
        {tab === 'message' && <MessageSource id={delivery.id} />}
      </div>
    </article>
  );
}
