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
export interface Schedulable extends Pick<Delivery, 'id' | 'status' | 'nextAttemptAt'> {
  /** Whose sessions count together: the recipient domain, or the relay (destinationOf). */
  destination: string;
}

export interface ScheduleInput {
  deliveries: Iterable<Schedulable>;
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
export function schedule(input: ScheduleInput): Schedule {
  const { deliveries, now, blocked, maxStarts, windowOf } = input;
  const perDomain = new Map<string, number>();
  let running = 0;
  const due: { id: string; domain: string; at: number }[] = [];
  for (const d of deliveries) {
    if (d.status === 'sending') {
      running++;
      perDomain.set(d.destination, (perDomain.get(d.destination) ?? 0) + 1);
    } else if ((d.status === 'queued' || d.status === 'deferred') && d.nextAttemptAt !== null)
      due.push({ id: d.id, domain: d.destination, at: d.nextAttemptAt });
  }
  due.sort((a, b) => a.at - b.at);
  const start: string[] = [];
  let slots = input.global - running;
  let wakeAt: number | null = null;
  let more = false;
  for (const d of due) {
    if (d.at > now) {
      wakeAt = wakeAt === null ? d.at : Math.min(wakeAt, d.at);
      continue;
    }
    if (blocked || slots <= 0 || (perDomain.get(d.domain) ?? 0) >= windowOf(d.domain)) continue;
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
