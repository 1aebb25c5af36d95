import type { LiveSession } from '../../shared/outbox';
import type { AttemptRecord, SendRequest } from '../../shared/send';
import type { RecipientResult } from '../../shared/smtp';
import { decidingAttempt } from '../delivery/attempt-record';
import { type DeliveryJob, jobOf } from '../delivery/delivery-job';
import type { MessageIdentity, PreparedSend } from '../delivery/prepare-send';
import type { DeliveryEvent, RunningSend } from '../delivery/running-send';
import type { JobHooks } from '../delivery/start-send';
import type { DkimKeySource } from '../message/dkim-key-store';
import { StoreError } from '../store/store-error';
import { applyAttempt } from './apply-attempt';
import type { Clock } from './clock';
import type { DeliverySaver } from './delivery-saver';
import { bounceAll, type Delivery, isFinal } from './delivery-state';
import { DeliveryTranscript } from './delivery-transcript';
import type { MessageLoader } from './message-loader';
import { MessageReadError, type OutboxStore } from './outbox-store';
import type { RetryPolicy } from './retry-policy';
import type { OutboxLimits } from './scheduler';
import { withVerdict } from './settle-recipient';

/**
 * Run one attempt's job. The hooks: every session event, and settledStored, which resolves
 * once the verdicts settled so far are on disk (awaited before the next MX).
 */
export type StartDelivery = (job: DeliveryJob, hooks: Required<JobHooks>) => RunningSend;

/** A session event as the outbox passes it on: a transcript line carries its number. */
export type OutboxEvent =
  | Exclude<DeliveryEvent, { type: 'transcript' }>
  | (Extract<DeliveryEvent, { type: 'transcript' }> & { seq: number });

export interface OutboxOptions {
  start: StartDelivery;
  /** Where the outbox survives restarts; without it the outbox lives in memory. */
  store?: OutboxStore;
  clock: Clock;
  policy: RetryPolicy;
  limits?: OutboxLimits;
  /** Every session event, with the delivery it belongs to. */
  onEvent?: (delivery: Delivery, event: OutboxEvent) => void;
  /** The DKIM keys a message may ask to be signed with (the key store; the CLI's one file). */
  dkimKeys?: DkimKeySource;
}

/** What the outbox keeps per delivery. */
export interface Entry {
  delivery: Delivery;
  /** Without a store, the request itself; with one, it stays on disk until an attempt. */
  request: SendRequest | null;
  identity: MessageIdentity;
  running: RunningSend | null;
  /** Every attempt's lines as one numbered list. */
  transcript: DeliveryTranscript;
  /** The running session's waterfall and TLS so far (outbox.follow); null between attempts. */
  live: LiveSession | null;
  /** From the start of an attempt until its result is stored: pruning leaves it alone. */
  busy: boolean;
}

/** What the outbox keeps of a delivery: new (`fresh`), or restored with lines on disk. */
export function newEntry(
  delivery: Delivery,
  identity: MessageIdentity,
  request: SendRequest | null,
  store: OutboxStore | undefined,
  fresh: boolean,
): Entry {
  const transcript = new DeliveryTranscript(delivery, store, fresh);
  return { delivery, request, identity, running: null, transcript, live: null, busy: false };
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
  /**
   * Tell the listeners only (the route, an attempt as it ends): stored with the attempt's
   * result, so an attempt costs no more writes than its verdicts need.
   */
  announce(delivery: Delivery): void;
  /** The disk refused what had to be stored before connecting: due again at once. */
  storageFailed(delivery: Delivery): void;
  schedulePump(): void;
  /** A job is over: its last attempt is the destination's feedback. */
  attemptEnded(delivery: Delivery, attempt: AttemptRecord): void;
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
    for (const warning of loaded.prepared.warnings ?? [])
      if (!delivery.warnings.includes(warning)) delivery.warnings.push(warning);
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
    // Checked at enqueue, so this is a bug in composing, or a DKIM key that cannot sign (deleted
    // since, sealed by a keychain this mode cannot ask): sent unsigned it would not be what was
    // asked for. Said on every recipient.
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
    await entry.transcript.ready();
    // Verdicts the server gave mid-session (250 to the final dot, 5xx) are stored the moment
    // they arrive, before QUIT and before any other MX: the resend window is that one fsync.
    // Refused by the disk, no other MX is tried (settledStored rejects) until it lands.
    let settling: Promise<void> = Promise.resolve();
    let unsettled: unknown = null;
    entry.live = { timings: [], tls: null };
    // The one job of this attempt: the recipients still pending, numbered on from its tries.
    const job = jobOf(
      request,
      prepared,
      pending.map((r) => r.address),
      offset + 1,
    );
    const running = this.host.options.start(job, {
      onEvent: (event) => {
        if (event.type === 'settled') {
          const results = event.recipients;
          settling = settling
            .then(() => this.settleNow(delivery, results))
            .catch((error) => {
              unsettled = error;
            });
        }
        this.live(entry, event);
      },
      settledStored: () =>
        settling.then(() => {
          if (unsettled) throw unsettled;
        }),
    });
    entry.running = running;
    let report: Awaited<RunningSend['done']>;
    try {
      report = await running.done;
    } finally {
      entry.running = null;
      entry.live = null;
    }
    await settling;
    // The walk's last attempt speaks for the destination's capacity: a dead MX 10 that MX 20
    // stood in for says nothing of how many sessions the domain takes.
    const decided = decidingAttempt(report.attempts);
    if (decided) this.host.attemptEnded(delivery, decided);
    // Stopping: what the server decided is stored; the rest is for the next start to retry.
    if (this.host.isClosed()) return;
    // A full disk costs lines of a transcript (kept in memory, tried again), never a verdict.
    const unstored = await entry.transcript.flush();
    const warning =
      unstored && `Part of the transcript could not be written yet (${unstored.message}).`;
    if (warning && !delivery.warnings.includes(warning)) delivery.warnings.push(warning);
    applyAttempt(delivery, report, this.host.options.clock.now(), this.host.options.policy);
    this.host.changed(delivery);
    this.host.schedulePump();
  }

  /**
   * A session event as it happens: a line numbered in the delivery's transcript, the route
   * and each finished attempt on the delivery at once (every window's failover path grows),
   * the waterfall and TLS kept for a window that starts following mid-session.
   */
  private live(entry: Entry, event: DeliveryEvent) {
    const { delivery } = entry;
    const emit = (e: OutboxEvent) => this.host.options.onEvent?.(delivery, e);
    switch (event.type) {
      case 'transcript':
        return emit({ ...event, seq: entry.transcript.add(event.line) });
      case 'timing':
        entry.live?.timings.push({ ...event.timing, attempt: event.attempt });
        return emit(event);
      case 'tls':
        if (entry.live) entry.live.tls = event.tls;
        return emit(event);
      case 'route':
        delivery.route = event.route;
        emit(event);
        return this.host.announce(delivery);
      case 'attempt':
        // Raced attempts end in any order; the list stays in the order they started.
        delivery.attempts = [...delivery.attempts, event.attempt].sort((a, b) => a.n - b.n);
        // Its waterfall is on the record now; a session still racing keeps its own.
        if (entry.live) {
          const timings = entry.live.timings.filter((t) => t.attempt !== event.attempt.n);
          entry.live = { timings, tls: timings.length ? entry.live.tls : null };
        }
        emit(event);
        return this.host.announce(delivery);
      default:
        return emit(event);
    }
  }

  /** Recipients the server has just decided for, stored before the session goes on. */
  private async settleNow(delivery: Delivery, results: RecipientResult[]): Promise<void> {
    const now = this.host.options.clock.now();
    let changed = false;
    for (const result of results) {
      const next = withVerdict(delivery.recipients, result, {
        delivery,
        now,
        probe: false,
        policy: this.host.options.policy,
      });
      if (!next) continue;
      delivery.recipients = next;
      changed = true;
    }
    if (!changed) return;
    // Refused by the disk: the saver keeps it and writes it again until it lands; meanwhile
    // the session dials no other MX (settledStored rejects).
    await this.host.persist(delivery);
  }
}
