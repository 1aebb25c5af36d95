import type { Delivery } from './delivery-state';
import { DEFAULT_WINDOW, type WindowLimits } from './destination-window';

/** How many sessions may run at once. */
export interface OutboxLimits {
  /** Sessions at once, over all deliveries. */
  global: number;
  /** Sessions at once to one destination: where each starts and how far it may grow. */
  perDomain: WindowLimits;
}

export const DEFAULT_LIMITS: OutboxLimits = { global: 20, perDomain: DEFAULT_WINDOW };

/** What the scheduler needs of a delivery. */
export type Schedulable = Pick<Delivery, 'id' | 'status' | 'nextAttemptAt'>;

export interface ScheduleInput<D extends Schedulable = Schedulable> {
  deliveries: Iterable<D>;
  /** Whose sessions count together: the recipient domain, or the relay (destinationOf). */
  destinationOf: (delivery: D) => string;
  /** Sessions at once, over all deliveries. */
  global: number;
  /** Sessions at once to this destination now (its window: destination-window.ts). */
  windowOf: (destination: string) => number;
  now: number;
  /** Paused, or the disk refuses writes: nothing starts, but the next wake is still known. */
  blocked: boolean;
  /** Starts in one pass: composing costs CPU, so replies to running sessions get a turn. */
  maxStarts: number;
}

export interface Schedule {
  /** Deliveries to start now, oldest due first. */
  start: string[];
  /** When the next delivery falls due, if one is waiting for its time. */
  wakeAt: number | null;
  /** More were due than one pass starts: pass again soon. */
  more: boolean;
}

/**
 * The queue manager's one decision (Postfix's qmgr), pure: given the deliveries, the limits
 * and the time, which to start now and when to look again. Sessions already running count
 * against the global limit and their destination's window; a delivery whose time has not come holds no slot.
 */
export function schedule<D extends Schedulable>(input: ScheduleInput<D>): Schedule {
  const { deliveries, now, blocked, maxStarts, windowOf, destinationOf } = input;
  const perDomain = new Map<string, number>();
  let running = 0;
  const waiting: { d: D; at: number }[] = [];
  for (const d of deliveries) {
    if (d.status === 'sending') {
      running++;
      const key = destinationOf(d);
      perDomain.set(key, (perDomain.get(key) ?? 0) + 1);
    } else if ((d.status === 'queued' || d.status === 'deferred') && d.nextAttemptAt !== null)
      waiting.push({ d, at: d.nextAttemptAt });
  }
  let slots = input.global - running;
  const hasRoom = (domain: string) => (perDomain.get(domain) ?? 0) < windowOf(domain);
  // Only the oldest few that could start now are kept, per destination as many as its window
  // has room for: a pass costs one walk over the deliveries, never a sort of them all (10,000
  // queued to one domain sorted on every pass took a quarter of the outbox's CPU).
  let wakeAt: number | null = null;
  const oldest = new Map<string, Candidate[]>();
  const rooms = new Map<string, number>();
  const roomOf = (domain: string) => {
    let room = rooms.get(domain);
    if (room === undefined) {
      room = Math.min(windowOf(domain) - (perDomain.get(domain) ?? 0), maxStarts + 1);
      rooms.set(domain, room);
    }
    return room;
  };
  for (const { d, at } of waiting) {
    if (at > now) {
      wakeAt = wakeAt === null ? at : Math.min(wakeAt, at);
      continue;
    }
    if (blocked || slots <= 0) continue;
    const domain = destinationOf(d);
    const room = roomOf(domain);
    if (room > 0) keepOldest(oldest, domain, d.id, at, room);
  }
  const due = [...oldest.values()].flat().sort((a, b) => a.at - b.at);
  const start: string[] = [];
  let more = false;
  for (const d of due) {
    if (slots <= 0 || !hasRoom(d.domain)) continue;
    if (start.length >= maxStarts) {
      more = true;
      break;
    }
    slots--;
    perDomain.set(d.domain, (perDomain.get(d.domain) ?? 0) + 1);
    start.push(d.id);
  }
  return { start, wakeAt, more };
}

interface Candidate {
  id: string;
  domain: string;
  at: number;
}

/** Keep the `cap` oldest candidates of a destination, in order (the earlier first on a tie). */
function keepOldest(
  oldest: Map<string, Candidate[]>,
  domain: string,
  id: string,
  at: number,
  cap: number,
): void {
  let list = oldest.get(domain);
  if (!list) {
    list = [];
    oldest.set(domain, list);
  }
  if (list.length >= cap && (list.at(-1)?.at ?? 0) <= at) return;
  let i = list.length;
  while (i > 0 && (list[i - 1]?.at ?? 0) > at) i--;
  list.splice(i, 0, { id, domain, at });
  if (list.length > cap) list.pop();
}
