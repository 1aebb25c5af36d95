import type { Delivery } from './delivery-state';

/** How many sessions may run at once. */
export interface OutboxLimits {
  /** Sessions at once, over all deliveries. */
  global: number;
  /** Sessions at once to one recipient domain. */
  perDomain: number;
}

export const DEFAULT_LIMITS: OutboxLimits = { global: 20, perDomain: 2 };

export interface ScheduleInput {
  deliveries: Iterable<Pick<Delivery, 'id' | 'domain' | 'status' | 'nextAttemptAt'>>;
  limits: OutboxLimits;
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
 * against the global and per-domain limits; a delivery whose time has not come holds no slot.
 */
export function schedule({ deliveries, limits, now, blocked, maxStarts }: ScheduleInput): Schedule {
  const perDomain = new Map<string | null, number>();
  let running = 0;
  const due: { id: string; domain: string | null; at: number }[] = [];
  for (const d of deliveries) {
    if (d.status === 'sending') {
      running++;
      perDomain.set(d.domain, (perDomain.get(d.domain) ?? 0) + 1);
    } else if ((d.status === 'queued' || d.status === 'deferred') && d.nextAttemptAt !== null)
      due.push({ id: d.id, domain: d.domain, at: d.nextAttemptAt });
  }
  due.sort((a, b) => a.at - b.at);
  const start: string[] = [];
  let slots = limits.global - running;
  let wakeAt: number | null = null;
  let more = false;
  for (const d of due) {
    if (d.at > now) {
      wakeAt = wakeAt === null ? d.at : Math.min(wakeAt, d.at);
      continue;
    }
    if (blocked || slots <= 0 || (perDomain.get(d.domain) ?? 0) >= limits.perDomain) continue;
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
