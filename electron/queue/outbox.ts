import type { LiveSession } from '../../shared/outbox';
import type { SendRequest } from '../../shared/send';
import type { TranscriptLine } from '../../shared/smtp';
import { newIdentity } from '../delivery/prepare-send';
import { checkMessageInput } from '../smtp/message';
import { AttemptRunner, type Entry, newEntry, type OutboxOptions } from './attempt-runner';
import { DeliverySaver } from './delivery-saver';
import { type Delivery, destinationOf, newDeliveries } from './delivery-state';
import { DestinationWindows, feedbackOf } from './destination-window';
import { type HistoryLimits, HistoryPruner } from './history-pruning';
import { MessageLoader } from './message-loader';
import { restoreDeliveries } from './restore';
import type { RetryPolicy } from './retry-policy';
import { DEFAULT_LIMITS, type OutboxLimits, schedule } from './scheduler';

export type { OutboxEvent, OutboxOptions, StartDelivery } from './attempt-runner';

/** Sessions started in one pass of the queue; the next pass comes on the next loop turn. */
const STARTS_PER_PASS = 8;

/**
 * The outbox: a message becomes one delivery per recipient domain; deliveries run within
 * the limits; a deferred one holds no session and no slot and waits for its nextAttemptAt on
 * the one timer the queue keeps, while everything else keeps flowing (the seed's greylist
 * process, without blocking the send queue). Retry now, cancel and pause work at any time.
 */
export class Outbox {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(d: Delivery) => void>();
  private settledWaiters: { resolve: () => void; retries: boolean }[] = [];
  private limits: OutboxLimits;
  private paused = false;
  private closed = false;
  private readonly saver: DeliverySaver;
  private cancelTimer: (() => void) | null = null;
  private readonly storageListeners = new Set<() => void>();
  private readonly removeListeners = new Set<(ids: string[]) => void>();
  private readonly pruner: HistoryPruner | null;
  private readonly loader: MessageLoader;
  private readonly runner: AttemptRunner;
  private readonly windows: DestinationWindows;

  constructor(private readonly options: OutboxOptions) {
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.windows = new DestinationWindows(this.limits.perDomain);
    this.saver = new DeliverySaver(options.store, options.clock, () => {
      for (const listener of this.storageListeners) listener();
      this.schedulePump();
    });
    const store = options.store;
    this.loader = new MessageLoader(store, options.dkimKeys);
    this.runner = new AttemptRunner({
      options,
      loader: this.loader,
      saver: this.saver,
      isClosed: () => this.closed,
      persist: (d) => this.persist(d),
      changed: (d) => this.changed(d),
      announce: (d) => {
        if (this.entries.has(d.id)) this.notify(d);
      },
      storageFailed: (d) => this.storageFailed(d),
      schedulePump: () => this.schedulePump(),
      attemptEnded: (d, attempt) => {
        // Each finished attempt tells its destination's window how the server coped.
        this.windows.record(destinationOf(d), feedbackOf(attempt));
      },
    });
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
    this.windows.configure(limits.perDomain);
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
      this.entries.set(
        delivery.id,
        newEntry(delivery, identity, store ? null : request, store, true),
      );
      // Every window hears of it now, not when it starts (paused, or waiting for a slot).
      this.notify(delivery);
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
    const restored: Delivery[] = [];
    for (const { delivery, identity } of await restoreDeliveries(store, this.options.clock.now())) {
      if (this.entries.has(delivery.id)) continue;
      this.entries.set(delivery.id, newEntry(delivery, identity, null, store, false));
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

  /**
   * A delivery's transcript, every attempt, as one numbered list: the lines from `after` on,
   * stored and live, and the number the next line will get.
   */
  transcript(id: string, after = 0): Promise<{ lines: TranscriptLine[]; next: number }> {
    const entry = this.entries.get(id);
    return entry ? entry.transcript.from(after) : Promise.resolve({ lines: [], next: 0 });
  }

  /** The running session's waterfall and TLS so far; null when none runs. */
  live(id: string): LiveSession | null {
    const live = this.entries.get(id)?.live;
    return live ? { timings: [...live.timings], tls: live.tls } : null;
  }

  list(): Delivery[] {
    return [...this.entries.values()].map((e) => e.delivery);
  }

  /** Each destination with mail: sessions running now and how many it may have (its window). */
  destinations(): Map<string, { running: number; window: number }> {
    const seen = new Map<string, { running: number; window: number }>();
    for (const { delivery } of this.entries.values()) {
      const key = destinationOf(delivery);
      const entry = seen.get(key) ?? { running: 0, window: this.windows.limit(key) };
      if (delivery.status === 'sending') entry.running++;
      seen.set(key, entry);
    }
    return seen;
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

  /**
   * Resolves once every delivery is done or cancelled; with `retries: false`, once each has
   * had its try and none is queued or sending (a deferred one waits for a retry: the CLI's
   * one pass).
   */
  settled({ retries = true } = {}): Promise<void> {
    if (this.isSettled(retries)) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push({ resolve, retries }));
  }

  private isSettled(retries: boolean): boolean {
    return this.list().every(
      (d) =>
        d.status === 'done' || d.status === 'cancelled' || (!retries && d.status === 'deferred'),
    );
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
      destinationOf,
      global: this.limits.global,
      windowOf: (destination) => this.windows.limit(destination),
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
    const waiting = this.settledWaiters;
    this.settledWaiters = waiting.filter((w) => !this.isSettled(w.retries));
    for (const w of waiting) if (!this.settledWaiters.includes(w)) w.resolve();
  }

  private async run(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.busy = true;
    try {
      await this.runner.attempt(entry);
    } finally {
      entry.busy = false;
      const { status, messageId } = entry.delivery;
      if (status === 'done' || status === 'cancelled') void this.dropSecretOnceFinished(messageId);
    }
  }

  /** Store the delivery's state (resolves once it is on disk) and tell the listeners. */
  private async persist(delivery: Delivery): Promise<void> {
    // Pruned from history: its records are gone and stay gone.
    if (!this.entries.has(delivery.id)) return;
    this.notify(delivery);
    await this.saver.save(delivery);
  }

  /**
   * The disk refused what had to be stored before connecting: nothing was sent. The delivery
   * is due again at once, and starts when the disk takes writes again.
   */
  private storageFailed(delivery: Delivery): void {
    delivery.status = 'deferred';
    delivery.nextAttemptAt = this.options.clock.now();
    this.notify(delivery);
  }

  /** Tell the listeners (the windows, the CLI) that a delivery changed. */
  private notify(delivery: Delivery): void {
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
