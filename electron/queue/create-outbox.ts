import { startJob } from '../delivery/start-send';
import type { Routing } from '../dns/routing';
import { type Clock, systemClock } from './clock';
import { Outbox, type OutboxOptions } from './outbox';

export interface OutboxServiceOptions extends Omit<OutboxOptions, 'start' | 'clock'> {
  /** How mail is routed right now (Settings' DNS, the sandbox, the mode): read per attempt. */
  routing: () => Routing;
  clock?: Clock;
}

/**
 * The one way an outbox is built, for the app, web mode and the CLI alike (with a store or in
 * memory): each attempt's job starts on the routing as it is at that moment, so a change of
 * mode or DNS servers applies to the next attempt and Sandbox mode holds what it refuses.
 */
export function createOutbox({ routing, clock = systemClock, ...options }: OutboxServiceOptions) {
  return new Outbox({ ...options, clock, start: (job, hooks) => startJob(job, hooks, routing()) });
}
