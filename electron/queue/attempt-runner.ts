import type { SendRequest } from '../../shared/send';
import type { RecipientResult } from '../../shared/smtp';
import type { MessageIdentity, PreparedSend } from '../delivery/prepare-send';
import type { DeliveryEvent, RunningSend } from '../delivery/running-send';
import { StoreError } from '../store/store-error';
import { applyAttempt } from './apply-attempt';
import type { Clock } from './clock';
import type { DeliverySaver } from './delivery-saver';
import { bounceAll, type Delivery, isFinal } from './delivery-state';
import type { MessageLoader } from './message-loader';
import { MessageReadError, type OutboxStore } from './outbox-store';
import type { RetryPolicy } from './retry-policy';
import type { OutboxLimits } from './scheduler';
import { settleRecipient } from './settle-recipient';

export type StartDelivery = (
  request: SendRequest,
  prepared: PreparedSend,
  recipients: string[],
  onEvent: (event: DeliveryEvent) => void,
  /** Resolves once the verdicts settled so far are on disk: awaited before the next MX. */
  settledStored: () => Promise<void>,
  /** The number of this attempt's first session: the delivery's count goes on from its tries. */
  firstAttempt: number,
) => RunningSend;

export interface OutboxOptions {
  start: StartDelivery;
  /** Where the outbox survives restarts; without it the outbox lives in memory. */
  store?: OutboxStore;
  clock: Clock;
  policy: RetryPolicy;
  limits?: OutboxLimits;
  /** Every session event, with the delivery it belongs to. */
  onEvent?: (delivery: Delivery, event: DeliveryEvent) => void;
}

/** What the outbox keeps per delivery. */
export interface Entry {
  delivery: Delivery;
  /** Without a store, the request itself; with one, it stays on disk until an attempt. */
  request: SendRequest | null;
  identity: MessageIdentity;
  running: RunningSend | null;
  /** From the start of an attempt until its result is stored: pruning leaves it alone. */
  busy: boolean;
}

/** The outbox as an attempt needs it: its options, store and what it does on a change. */
export interface AttemptHost {
  options: OutboxOptions;
  loader: MessageLoader;
  saver: DeliverySaver;
  isClosed(): boolean;
  /** Store and tell the listeners; resolves once on disk. */
  persist(delivery: Delivery): Promise<void>;
  /** Store in the background. */
  changed(delivery: Delivery): void;
  /** The disk refused what had to be stored before connecting: due again at once. */
  storageFailed(delivery: Delivery): void;
  schedulePump(): void;
}

/**
 * One attempt of one delivery, start to finish: 'sending' on disk before any connection, the
 * message loaded (once per message), the session, each verdict stored the moment it arrives,
 * then the attempt applied. The outbox decides when (scheduler.ts); this decides nothing else.
 */
export class AttemptRunner {
  constructor(private readonly host: AttemptHost) {}

  /** One attempt of a delivery: 'sending' stored, the message loaded, a session, its result stored. */
  async attempt(entry: Entry): Promise<void> {
    const { delivery } = entry;
    const clock = this.host.options.clock;
    const pending = delivery.recipients.filter((r) => !isFinal(r));
    delivery.status = pending.length ? 'sending' : 'done';
    delivery.nextAttemptAt = null;
    delivery.firstAttemptAt ??= clock.now();
    // 'sending' is on disk before any connection opens: after a crash, a restart knows that
    // a session may have run. When it cannot be written, no session starts.
    try {
      await this.host.persist(delivery);
    } catch {
      return this.host.storageFailed(delivery);
    }
    if (!pending.length) return this.host.schedulePump();
    const { messageId } = entry.identity;
    let loaded: Awaited<ReturnType<MessageLoader['acquire']>>;
    try {
      loaded = await this.host.loader.acquire(entry.identity, entry.request);
    } catch (error) {
      return this.notLoaded(delivery, error);
    }
    try {
      // Cancelled while its message was read or composed: nothing is sent.
      if ((delivery.status as Delivery['status']) === 'cancelled') return;
      await this.session(entry, loaded.request, loaded.prepared, pending);
    } finally {
      this.host.loader.release(messageId);
    }
  }

  /** The message could not be read or composed: nothing was sent. */
  private notLoaded(delivery: Delivery, error: unknown): void {
    if (error instanceof MessageReadError) {
      // This message's trouble, not the disk's: it waits for a retry; the rest goes on.
      const warning = `Not sent: ${error.message}.`;
      if (!delivery.warnings.includes(warning)) delivery.warnings.push(warning);
      delivery.status = 'deferred';
      delivery.nextAttemptAt =
        this.host.options.clock.now() + this.host.options.policy.firstRetryMs;
      this.host.changed(delivery);
      this.host.schedulePump();
      return;
    }
    if (error instanceof StoreError) {
      this.host.saver.failed(error);
      this.host.storageFailed(delivery);
      return;
    }
    // Checked at enqueue, so this is a bug in composing: say so on every recipient.
    const why = error instanceof Error ? error.message : String(error);
    bounceAll(delivery, `The message could not be composed: ${why}`);
    this.host.changed(delivery);
    this.host.schedulePump();
  }

  private async session(
    entry: Entry,
    request: SendRequest,
    prepared: PreparedSend,
    pending: Delivery['recipients'],
  ): Promise<void> {
    const { delivery } = entry;
    const offset = delivery.attempts.length;
    // Verdicts the server gave mid-session (250 to the final dot, 5xx) are stored the moment
    // they arrive, before QUIT and before any other MX: the resend window is that one fsync.
    // Refused by the disk, no other MX is tried (settledStored rejects) until it lands.
    let settling: Promise<void> = Promise.resolve();
    let unsettled: unknown = null;
    const running = this.host.options.start(
      request,
      prepared,
      pending.map((r) => r.address),
      (event) => {
        if (event.type === 'route') delivery.route = event.route;
        if (event.type === 'settled') {
          const results = event.recipients;
          settling = settling
            .then(() => this.settleNow(delivery, results))
            .catch((error) => {
              unsettled = error;
            });
        }
        this.host.options.onEvent?.(delivery, event);
      },
      () =>
        settling.then(() => {
          if (unsettled) throw unsettled;
        }),
      offset + 1,
    );
    entry.running = running;
    let report: Awaited<RunningSend['done']>;
    try {
      report = await running.done;
    } finally {
      entry.running = null;
    }
    await settling;
    // Stopping: what the server decided is stored; the rest is for the next start to retry.
    if (this.host.isClosed()) return;
    const lines = report.transcript;
    // With a store, transcripts live on disk (outbox-store.ts); in memory only without one.
    // They are history, not state: a full disk costs lines of a transcript, never a verdict.
    if (this.host.options.store) {
      await this.host.options.store.appendTranscript(delivery.id, lines).catch((error: Error) => {
        delivery.warnings.push(
          `Part of attempt ${offset + 1}'s transcript could not be written (${error.message}).`,
        );
      });
    } else delivery.transcript.push(...lines);
    applyAttempt(delivery, report, this.host.options.clock.now(), this.host.options.policy);
    this.host.changed(delivery);
    this.host.schedulePump();
  }

  /** Recipients the server has just decided for, stored before the session goes on. */
  private async settleNow(delivery: Delivery, results: RecipientResult[]): Promise<void> {
    const now = this.host.options.clock.now();
    let changed = false;
    for (const result of results) {
      const state = delivery.recipients.find((r) => r.address === result.address);
      if (!state || isFinal(state)) continue;
      settleRecipient(state, result, {
        delivery,
        now,
        probe: false,
        policy: this.host.options.policy,
      });
      changed = true;
    }
    if (!changed) return;
    // Refused by the disk: the saver keeps it and writes it again until it lands; meanwhile
    // the session dials no other MX (settledStored rejects).
    await this.host.persist(delivery);
  }
}
