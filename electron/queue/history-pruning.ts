import type { Clock } from './clock';
import type { Delivery } from './delivery-state';
import type { OutboxStore } from './outbox-store';

/** How much finished mail the outbox keeps (Settings, History); null: no limit of that kind. */
export interface HistoryLimits {
  maxAgeMs: number | null;
  /** Finished deliveries kept. */
  maxDeliveries: number | null;
  /** Bytes of finished messages' files and transcripts. */
  maxBytes: number | null;
}

/** After a failed prune (a full disk), the next try. */
const RETRY_AFTER_FAILURE_MS = 60_000;

export const NO_HISTORY_LIMITS: HistoryLimits = {
  maxAgeMs: null,
  maxDeliveries: null,
  maxBytes: null,
};

/** A message all of whose deliveries are done or cancelled: history, which pruning may drop. */
export interface FinishedMessage {
  messageId: string;
  deliveryIds: string[];
  /** When its last delivery ended (ms). */
  finishedAt: number;
  bytes: number;
}

/**
 * Which finished messages go, oldest first, so that every limit holds; and when the oldest
 * one kept will pass the age limit (null: never, or no age limit). Mail still queued,
 * deferred or sending is never history and never counted.
 */
export function choosePruned(
  finished: FinishedMessage[],
  limits: HistoryLimits,
  now: number,
): { pruned: FinishedMessage[]; nextExpiryAt: number | null } {
  const oldestFirst = [...finished].sort((a, b) => a.finishedAt - b.finishedAt);
  let deliveries = oldestFirst.reduce((n, m) => n + m.deliveryIds.length, 0);
  let bytes = oldestFirst.reduce((n, m) => n + m.bytes, 0);
  const pruned: FinishedMessage[] = [];
  for (const m of oldestFirst) {
    const tooOld = limits.maxAgeMs !== null && m.finishedAt <= now - limits.maxAgeMs;
    const tooMany = limits.maxDeliveries !== null && deliveries > limits.maxDeliveries;
    const tooBig = limits.maxBytes !== null && bytes > limits.maxBytes;
    if (!tooOld && !tooMany && !tooBig) break;
    pruned.push(m);
    deliveries -= m.deliveryIds.length;
    bytes -= m.bytes;
  }
  const oldestKept = oldestFirst[pruned.length];
  const nextExpiryAt =
    oldestKept && limits.maxAgeMs !== null ? oldestKept.finishedAt + limits.maxAgeMs : null;
  return { pruned, nextExpiryAt };
}

/** When a delivery ended: when it became done or cancelled, else its last attempt's end. */
export function finishedAtOf(d: Delivery): number {
  if (d.endedAt !== undefined) return d.endedAt;
  const last = d.attempts.at(-1);
  return last ? Date.parse(last.endedAt) : d.createdAt;
}

export interface PrunerHost {
  store: OutboxStore;
  clock: Clock;
  /** Every delivery the outbox holds, and whether a session of it is still running. */
  deliveries(): { delivery: Delivery; running: boolean }[];
  /** Drop these from the outbox (their records and files are already gone). */
  removed(ids: string[]): void;
}

/**
 * Keeps finished mail within the History limits. Runs after a delivery finishes, when the
 * limits change, at start, and when the oldest finished message reaches the age limit (one
 * timer, cancelled on close). One run at a time; asking during a run queues one more.
 */
export class HistoryPruner {
  private limits: HistoryLimits = NO_HISTORY_LIMITS;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private cancelTimer: (() => void) | null = null;
  private closed = false;

  constructor(private readonly host: PrunerHost) {}

  /** New limits, applied by the next run (configureHistory asks for one). */
  configure(limits: HistoryLimits): void {
    this.limits = limits;
  }

  /** Prune in the background; resolves when a run that began after this call has ended. */
  soon(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (!this.running) {
      this.running = this.runOnce().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.next ??= this.running.then(() => {
      this.next = null;
      return this.soon();
    });
    return this.next;
  }

  close(): void {
    this.closed = true;
    this.setTimer(null);
  }

  private async runOnce(): Promise<void> {
    try {
      await this.run();
    } catch {
      // A full disk: the records stay; try again in a minute.
      this.setTimer(this.host.clock.now() + RETRY_AFTER_FAILURE_MS);
    }
  }

  private setTimer(at: number | null): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (at === null || this.closed) return;
    const wait = Math.max(at - this.host.clock.now(), 0);
    this.cancelTimer = this.host.clock.setTimer(() => void this.soon(), wait);
  }

  private async run(): Promise<void> {
    const { limits, host } = this;
    if (limits.maxAgeMs === null && limits.maxDeliveries === null && limits.maxBytes === null)
      return this.setTimer(null);
    const finished = await this.finishedMessages();
    const now = host.clock.now();
    const { pruned, nextExpiryAt } = choosePruned(finished, limits, now);
    for (const m of pruned) {
      if (this.closed) return;
      await host.store.forget(m.messageId, m.deliveryIds);
      host.removed(m.deliveryIds);
    }
    this.setTimer(nextExpiryAt === null ? null : nextExpiryAt + 1);
  }

  private async finishedMessages(): Promise<FinishedMessage[]> {
    const byMessage = new Map<string, { delivery: Delivery; running: boolean }[]>();
    for (const item of this.host.deliveries()) {
      const list = byMessage.get(item.delivery.messageId) ?? [];
      list.push(item);
      byMessage.set(item.delivery.messageId, list);
    }
    const finished: FinishedMessage[] = [];
    for (const [messageId, items] of byMessage) {
      const done = items.every(
        (i) => !i.running && (i.delivery.status === 'done' || i.delivery.status === 'cancelled'),
      );
      if (!done) continue;
      const deliveryIds = items.map((i) => i.delivery.id);
      const bytes =
        this.limits.maxBytes === null ? 0 : await this.host.store.usage(messageId, deliveryIds);
      const finishedAt = Math.max(...items.map((i) => finishedAtOf(i.delivery)));
      finished.push({ messageId, deliveryIds, finishedAt, bytes });
    }
    return finished;
  }
}
