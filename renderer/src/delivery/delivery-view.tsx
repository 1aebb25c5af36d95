import { useEffect, useMemo, useState } from 'react';
import type { OutboxDelivery } from '../../../shared/outbox';
import type { TranscriptLine } from '../../../shared/smtp';
import { useApi } from '../api/api-context';
import { deliveryStatus } from '../outbox/delivery-status';
import { useOutbox } from '../outbox/outbox-context';
import type { LiveSession } from '../outbox/outbox-store';
import { StatusBadge } from '../outbox/status-badge';
import { TranscriptView } from '../transcript/transcript-view';
import { Alert } from '../ui/alert';
import { Countdown } from './countdown';
import { ExportMenu } from './export-menu';
import { FailoverPath } from './failover-path';
import { MessageSource } from './message-source';
import { OutcomeSummary } from './outcome-summary';
import { Timeline } from './timeline';
import { TlsPanel } from './tls-panel';

type Tab = 'transcript' | 'tls' | 'message';
type Stored =
  | { status: 'loading' }
  | { status: 'ready'; lines: TranscriptLine[] }
  | { status: 'error'; message: string };

/** Stored lines of finished attempts, fetched again whenever another attempt is stored. */
function useStoredTranscript(id: string, attempts: number) {
  const outbox = useOutbox();
  const [stored, setStored] = useState<Stored>({ status: 'loading' });
  const [retry, setRetry] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch when an attempt is stored
  useEffect(() => {
    let live = true;
    outbox.transcript(id).then(
      (lines) => live && setStored({ status: 'ready', lines }),
      (e: Error) => live && setStored({ status: 'error', message: e.message }),
    );
    return () => {
      live = false;
    };
  }, [id, attempts, retry]);
  return { stored, retry: () => setRetry((n) => n + 1) };
}

export function DeliveryView({ delivery }: { delivery: OutboxDelivery }) {
  const api = useApi();
  const outbox = useOutbox();
  const live: LiveSession | undefined = outbox.liveOf(delivery.id);
  const [tab, setTab] = useState<Tab>('transcript');
  const [scope, setScope] = useState<number | null>(null);
  const [hover, setHover] = useState<{ attempt: number; phase: string } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const { stored, retry } = useStoredTranscript(delivery.id, delivery.attempts.length);
  const sending = delivery.status === 'sending' || delivery.status === 'queued';

  const storedLines = stored.status === 'ready' ? stored.lines : [];
  const lastStored = storedLines.at(-1)?.attempt ?? 0;
  const liveLines = live?.lines.filter((l) => l.attempt > lastStored) ?? [];
  // biome-ignore lint/correctness/useExhaustiveDependencies: live lines grow in place
  const lines = useMemo(() => {
    const all = liveLines.length ? [...storedLines, ...liveLines] : storedLines;
    return scope === null ? all : all.filter((l) => l.attempt === scope);
  }, [storedLines, liveLines.length, scope]);

  const attempts = [
    ...delivery.attempts,
    ...(live?.attempts ?? []).filter((a) => a.n > delivery.attempts.length),
  ];
  const route = live?.route ?? delivery.route;
  const tls = live?.tls ?? [...attempts].reverse().find((a) => a.tls)?.tls ?? null;
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
      <OutcomeSummary delivery={delivery} />
      <FailoverPath
        delivery={delivery}
        route={route}
        attempts={attempts}
        sending={sending}
        selected={scope}
        onSelect={setScope}
      />
      <Timeline
        attempts={scope === null ? attempts : attempts.filter((a) => a.n === scope)}
        live={
          sending && live?.timings.length
            ? { n: attempts.length + 1, label: 'running', timings: live.timings }
            : null
        }
        highlight={hover}
        onHover={setHover}
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
        {tab === 'transcript' && stored.status === 'error' && (
          <Alert
            tone="fail"
            title="Could not load the transcript"
            action={{ label: 'Retry', run: retry }}
          >
            {stored.message}
          </Alert>
        )}
        {tab === 'transcript' && (
          <TranscriptView
            lines={lines}
            version={lines.length}
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
