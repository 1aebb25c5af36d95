import type { SendRequest } from '../../shared/send';
import type { RecipientResult } from '../../shared/smtp';
import { type MessageIdentity, newIdentity, type PreparedSend } from '../delivery/prepare-send';
import { type DeliveryEvent, type RunningSend, renumberEvent } from '../delivery/running-send';
import { checkMessageInput } from '../smtp/message';
import { StoreError } from '../store/store-error';
import { applyAttempt } from './apply-attempt';
import type { Clock } from './clock';
import { DeliverySaver } from './delivery-saver';
import {
  bounceAll,
  type Delivery,
  interrupted,
  isFinal,
  newDeliveries,
  summaryOf,
} from './delivery-state';
import { type HistoryLimits, HistoryPruner } from './history-pruning';
import { MessageLoader } from './message-loader';
import { MessageReadError, type OutboxStore } from './outbox-store';
import type { RetryPolicy } from './retry-policy';
import { DEFAULT_LIMITS, type OutboxLimits, schedule } from './scheduler';
import { settleRecipient } from './settle-recipient';

/** Sessions started in one pass of the queue; the next pass comes on the next loop turn. */
const STARTS_PER_PASS = 8;

export type StartDelivery = (
  request: SendRequest,
  prepared: PreparedSend,
  recipients: string[],
  onEvent: (event: DeliveryEvent) => void,
  /** Resolves once the verdicts settled so far are on disk: awaited before the next MX. */
  settledStored: () => Promise<void>,
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

interface Entry {
  delivery: Delivery;
  /** Without a store, the request itself; with one, it stays on disk until an attempt. */
  request: SendRequest | null;
  identity: MessageIdentity;
  running: RunningSend | null;
  /** From the start of an attempt until its result is stored: pruning leaves it alone. */
  busy: boolean;
}

/**
 * The outbox: a message becomes one delivery per recipient domain; deliveries run within
 * the limits; a deferred one holds no session and no slot and waits for its nextAttemptAt on
 * the one timer the queue keeps, while everything else keeps flowing (the seed's greylist
 * process, without blocking the send queue). Retry now, cancel and pause work at any time.
 */
export class Outbox {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(d: Delivery) => void>();
  private readonly settledWaiters: (() => void)[] = [];
  private limits: OutboxLimits;
  private paused = false;
  private closed = false;
  private readonly saver: DeliverySaver;
  private cancelTimer: (() => void) | null = null;
  private readonly storageListeners = new Set<() => void>();
  private readonly removeListeners = new Set<(ids: string[]) => void>();
  private readonly pruner: HistoryPruner | null;
  private readonly loader: MessageLoader;

  constructor(private readonly options: OutboxOptions) {
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.saver = new DeliverySaver(options.store, options.clock, () => {
      for (const listener of this.storageListeners) listener();
      this.schedulePump();
    });
    const store = options.store;
    this.loader = new MessageLoader(store);
    this.pruner = store
      ? new HistoryPruner({
          store,
          clock: options.clock,
          deliveries: () =>
            [...this.entries.values()].map((e) => ({ delivery: e.delivery, running: e.busy })),
          removed: (ids) => {
            for (const id of ids) {
              const entry = this.entries.get(id);
              this.entries.delete(id);
              if (entry) this.saver.forget(entry.delivery);
            }
            for (const listener of this.removeListeners) listener(ids);
          },
        })
      : null;
  }

  /** How much finished mail to keep (Settings, History); applied at once, then as mail finishes. */
  configureHistory(limits: HistoryLimits): Promise<void> {
    if (!this.pruner) return Promise.resolve();
    this.pruner.configure(limits);
    return this.pruner.soon();
  }

  /** Called with the ids of finished deliveries that history pruning removed. */
  onRemove(listener: (ids: string[]) => void): () => void {
    this.removeListeners.add(listener);
    return () => this.removeListeners.delete(listener);
  }

  /** Why the store refuses writes (a full disk, say); null while it takes them. */
  get storageError(): string | null {
    return this.saver.error;
  }

  /** Called when the store starts or stops refusing writes. */
  onStorageChange(listener: () => void): () => void {
    this.storageListeners.add(listener);
    return () => this.storageListeners.delete(listener);
  }

  /** New limits and retry policy (Settings): they apply from the next decision on. */
  configure(policy: RetryPolicy, limits: OutboxLimits): void {
    this.options.policy = policy;
    this.limits = limits;
    this.schedulePump();
  }

  async enqueue(request: SendRequest): Promise<Delivery[]> {
    // Checked now, composed on the first attempt: enqueueing stays cheap (bench/README.md).
    const m = request.message;
    checkMessageInput({
      ...m,
      attachments: m.attachments.map((a) => ({ filename: a.filename, content: Buffer.alloc(0) })),
    });
    const identity = newIdentity(request);
    const created = newDeliveries(request, identity.messageId, this.options.clock.now());
    // Acknowledged only once on disk: a crash after this loses nothing. Refused by the disk,
    // the caller hears why and nothing is queued.
    const store = this.options.store;
    try {
      await store?.saveMessage(request, identity);
      await Promise.all(created.map((d) => store?.saveDelivery(d)));
    } catch (error) {
      this.saver.failed(error);
      throw error;
    }
    for (const delivery of created) {
      const held = store ? null : request;
      this.entries.set(delivery.id, {
        delivery,
        request: held,
        identity,
        running: null,
        busy: false,
      });
    }
    this.schedulePump();
    return created;
  }

  /**
   * Load what the store holds after a restart. Pending retries keep their nextAttemptAt (the
   * overdue ones run at once); a delivery that was mid-session when the process died is
   * retried now, noted in its history, since the server may already have the message.
   */
  async restore(): Promise<Delivery[]> {
    const store = this.options.store;
    if (!store) return [];
    const now = this.options.clock.now();
    const restored: Delivery[] = [];
    for (const delivery of store.deliveries()) {
      const stored = store.message(delivery.messageId);
      if (!stored || this.entries.has(delivery.id)) continue;
      const identity = { messageId: stored.messageId, date: new Date(stored.date) };
      // Records from before these fields existed.
      delivery.summary ??= summaryOf(await store.request(stored, { password: false }));
      delivery.route ??= null;
      if (delivery.status === 'sending') interrupted(delivery, now);
      this.entries.set(delivery.id, {
        delivery,
        request: null,
        identity,
        running: null,
        busy: false,
      });
      restored.push(delivery);
    }
    // A password kept past its message's last delivery (a crash before it went, an older
    // version's record) goes now.
    for (const messageId of new Set(restored.map((d) => d.messageId)))
      await this.dropSecretOnceFinished(messageId);
    this.pump();
    void this.pruner?.soon();
    return restored;
  }

  get(id: string): Delivery | undefined {
    return this.entries.get(id)?.delivery;
  }

  /** The request a delivery came from (for "copy as swaks" and sending again). */
  async request(id: string): Promise<SendRequest | undefined> {
    const entry = this.entries.get(id);
    return entry ? this.loader.request(entry.identity.messageId, entry.request) : undefined;
  }

  /** The exact bytes sent (or to be sent); null before the first attempt or for a probe. */
  async message(id: string): Promise<Buffer | null> {
    const entry = this.entries.get(id);
    // A probe stops before DATA: whatever was composed was never sent.
    const quitAfter = entry?.delivery.summary.quitAfter ?? null;
    if (!entry || (quitAfter !== null && quitAfter !== 'data')) return null;
    return this.loader.composed(entry.identity.messageId);
  }

  /** The seed's `info`: the running session of a delivery, if one is running. */
  sessionInfo(id: string) {
    return this.entries.get(id)?.running?.info() ?? null;
  }

  /** A delivery's whole transcript, every attempt, from disk when the outbox has a store. */
  async transcript(id: string): Promise<Delivery['transcript']> {
    const delivery = this.get(id);
    if (!delivery) return [];
    return this.options.store ? this.options.store.transcript(id) : delivery.transcript;
  }

  list(): Delivery[] {
    return [...this.entries.values()].map((e) => e.delivery);
  }

  /** The seed's `flush`: a deferred delivery goes now. */
  retryNow(id: string): boolean {
    const entry = this.entries.get(id);
    if (entry?.delivery.status !== 'deferred') return false;
    entry.delivery.nextAttemptAt = this.options.clock.now();
    this.pump();
    return true;
  }

  /** The seed's `stop`: a running session is closed now; nothing more is tried. */
  cancel(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry || entry.delivery.status === 'done' || entry.delivery.status === 'cancelled')
      return false;
    entry.delivery.status = 'cancelled';
    entry.delivery.nextAttemptAt = null;
    entry.running?.cancel();
    this.changed(entry.delivery);
    this.pump();
    return true;
  }

  pause(): void {
    this.paused = true;
  }

  /**
   * Stop: no new session starts, verdicts already given by servers are stored (waiting at
   * most `graceMs`), sessions still running are closed, and no timer keeps the process alive.
   * Their deliveries stay 'sending' on disk and are retried at the next start.
   */
  async close(graceMs = 5_000): Promise<void> {
    this.closed = true;
    this.paused = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.pruner?.close();
    await this.saver.close(graceMs);
    for (const entry of this.entries.values()) entry.running?.cancel();
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  onChange(listener: (d: Delivery) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every delivery is done or cancelled. */
  settled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private isSettled(): boolean {
    return this.list().every((d) => d.status === 'done' || d.status === 'cancelled');
  }

  private pumpScheduled = false;

  /** Many enqueues in one tick make one pass over the queue, not one each. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.closed) return;
    this.cancelTimer?.();
    this.cancelTimer = null;
    const now = this.options.clock.now();
    const plan = schedule({
      deliveries: this.list(),
      limits: this.limits,
      now,
      // While the disk refuses writes nothing starts: its 'sending' record could not be kept.
      blocked: this.paused || this.saver.error !== null,
      maxStarts: STARTS_PER_PASS,
    });
    for (const id of plan.start)
      this.run(id).catch((error) => console.error('MXray: a delivery failed to run', error));
    if (plan.more) this.schedulePump();
    if (plan.wakeAt !== null)
      this.cancelTimer = this.options.clock.setTimer(() => this.pump(), plan.wakeAt - now);
    if (this.isSettled()) for (const resolve of this.settledWaiters.splice(0)) resolve();
  }

  private async run(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.busy = true;
    try {
      await this.attempt(entry);
    } finally {
      entry.busy = false;
      const { status, messageId } = entry.delivery;
      if (status === 'done' || status === 'cancelled') void this.dropSecretOnceFinished(messageId);
    }
  }

  private async attempt(entry: Entry): Promise<void> {
    const { delivery } = entry;
    const clock = this.options.clock;
    const pending = delivery.recipients.filter((r) => !isFinal(r));
    delivery.status = pending.length ? 'sending' : 'done';
    delivery.nextAttemptAt = null;
    delivery.firstAttemptAt ??= clock.now();
    // 'sending' is on disk before any connection opens: after a crash, a restart knows that
    // a session may have run. When it cannot be written, no session starts.
    try {
      await this.persist(delivery);
    } catch {
      return this.storageFailed(delivery);
    }
    if (!pending.length) return this.schedulePump();
    const { messageId } = entry.identity;
    let loaded: Awaited<ReturnType<MessageLoader['acquire']>>;
    try {
      loaded = await this.loader.acquire(entry.identity, entry.request);
    } catch (error) {
      return this.notLoaded(delivery, error);
    }
    try {
      // Cancelled while its message was read or composed: nothing is sent.
      if ((delivery.status as Delivery['status']) === 'cancelled') return;
      await this.session(entry, loaded.request, loaded.prepared, pending);
    } finally {
      this.loader.release(messageId);
    }
  }

  /** The message could not be read or composed: nothing was sent. */
  private notLoaded(delivery: Delivery, error: unknown): void {
    if (error instanceof MessageReadError) {
      // This message's trouble, not the disk's: it waits for a retry; the rest goes on.
      const warning = `Not sent: ${error.message}.`;
      if (!delivery.warnings.includes(warning)) delivery.warnings.push(warning);
      delivery.status = 'deferred';
      delivery.nextAttemptAt = this.options.clock.now() + this.options.policy.firstRetryMs;
      this.changed(delivery);
      this.schedulePump();
      return;
    }
    if (error instanceof StoreError) {
      this.saver.failed(error);
      this.storageFailed(delivery);
      return;
    }
    // Checked at enqueue, so this is a bug in composing: say so on every recipient.
    const why = error instanceof Error ? error.message : String(error);
    bounceAll(delivery, `The message could not be composed: ${why}`);
    this.changed(delivery);
    this.schedulePump();
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
    const running = this.options.start(
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
        this.options.onEvent?.(delivery, renumberEvent(event, offset));
      },
      () =>
        settling.then(() => {
          if (unsettled) throw unsettled;
        }),
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
    if (this.closed) return;
    const lines = report.transcript.map((l) => ({ ...l, attempt: l.attempt + offset }));
    // With a store, transcripts live on disk (outbox-store.ts); in memory only without one.
    // They are history, not state: a full disk costs lines of a transcript, never a verdict.
    if (this.options.store) {
      await this.options.store.appendTranscript(delivery.id, lines).catch((error: Error) => {
        delivery.warnings.push(
          `Part of attempt ${offset + 1}'s transcript could not be written (${error.message}).`,
        );
      });
    } else delivery.transcript.push(...lines);
    applyAttempt(delivery, report, offset, this.options.clock.now(), this.options.policy);
    this.changed(delivery);
    this.schedulePump();
  }

  /** Recipients the server has just decided for, stored before the session goes on. */
  private async settleNow(delivery: Delivery, results: RecipientResult[]): Promise<void> {
    const now = this.options.clock.now();
    let changed = false;
    for (const result of results) {
      const state = delivery.recipients.find((r) => r.address === result.address);
      if (!state || isFinal(state)) continue;
      settleRecipient(state, result, { delivery, now, probe: false, policy: this.options.policy });
      changed = true;
    }
    if (!changed) return;
    // Refused by the disk: the saver keeps it and writes it again until it lands; meanwhile
    // the session dials no other MX (settledStored rejects).
    await this.persist(delivery);
  }

  /** Store the delivery's state (resolves once it is on disk) and tell the listeners. */
  private async persist(delivery: Delivery): Promise<void> {
    // Pruned from history: its records are gone and stay gone.
    if (!this.entries.has(delivery.id)) return;
    for (const listener of this.listeners) listener(delivery);
    await this.saver.save(delivery);
  }

  /**
   * The disk refused what had to be stored before connecting: nothing was sent. The delivery
   * is due again at once, and starts when the disk takes writes again.
   */
  private storageFailed(delivery: Delivery): void {
    delivery.status = 'deferred';
    delivery.nextAttemptAt = this.options.clock.now();
    for (const listener of this.listeners) listener(delivery);
  }

  /** Store in the background: what the disk refuses, the saver keeps and writes later. */
  private changed(delivery: Delivery) {
    if (this.closed) return;
    const finished = delivery.status === 'done' || delivery.status === 'cancelled';
    if (finished) delivery.endedAt ??= this.options.clock.now();
    this.persist(delivery)
      .then(() => {
        if (!finished) return;
        void this.pruner?.soon();
        void this.dropSecretOnceFinished(delivery.messageId);
      })
      .catch(() => {});
  }

  /** A relay password is kept only while some delivery of its message may be tried again. */
  private async dropSecretOnceFinished(messageId: string): Promise<void> {
    const open = [...this.entries.values()].some(
      (e) =>
        e.delivery.messageId === messageId &&
        (e.busy || (e.delivery.status !== 'done' && e.delivery.status !== 'cancelled')),
    );
    if (!open) await this.options.store?.dropSecret(messageId).catch(() => {});
  }
}
