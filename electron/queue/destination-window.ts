import type { AttemptRecord } from '../../shared/send';

/**
 * How many sessions one destination (a recipient domain, or a relay) gets at once, learnt from
 * what its servers say, as Postfix's queue manager does with its destination concurrency
 * feedback: start low, one more after each session that went well, half as many after a sign
 * that the destination is overloaded or limiting us (a 421, a refused connection, "too many
 * connections").
 */
export interface WindowLimits {
  /** Sessions a destination starts with (Postfix: initial_destination_concurrency). */
  initial: number;
  /** The most it can grow to (Postfix: default_destination_concurrency_limit). */
  max: number;
}

export const DEFAULT_WINDOW: WindowLimits = { initial: 2, max: 10 };

export type Feedback = 'grow' | 'shrink' | 'none';

/** Replies that say the server limits how many of our sessions it takes (not greylisting). */
const TOO_MANY =
  /too many (?:connections|sessions|concurrent)|connection limit|concurrency limit|too many smtp sessions/i;

/** What one finished attempt says about its destination's capacity. */
export function feedbackOf(attempt: Pick<AttemptRecord, 'outcome' | 'reply'>): Feedback {
  const { outcome, reply } = attempt;
  // Postfix's "421 … too many errors" closes a session that earned it (a list of unknown
  // addresses): it says nothing about how many sessions the server takes.
  if (reply?.code === 421 && /too many errors/i.test(reply.text)) return 'none';
  if (outcome === 'connect-refused' || reply?.code === 421) return 'shrink';
  if (reply && reply.code < 500 && reply.code >= 400 && TOO_MANY.test(reply.text)) return 'shrink';
  // The server saw the session through to a verdict: it has room for this many.
  if (outcome === 'accepted' || outcome === 'rejected' || outcome === 'quit-after') return 'grow';
  if (outcome === 'deferred') return 'grow';
  return 'none';
}

/** Whole sessions in a window (sums of thirds land a hair under the whole number). */
const sessions = (window: number) => Math.max(1, Math.floor(window + 1e-9));

/**
 * The next window after one piece of feedback, within the limits. A window is fractional:
 * a good session adds 1/window, so a full window of good sessions adds one session (Postfix's
 * positive feedback of 1/concurrency). Adding a whole session per success instead climbs
 * back past a server's limit within two sessions of being halved, and meets its 421 again
 * (measured: as many refusals as with no feedback at all).
 */
export function nextWindow(current: number, feedback: Feedback, limits: WindowLimits): number {
  const max = Math.max(1, limits.max);
  if (feedback === 'grow') return Math.min(max, current + 1 / sessions(current));
  if (feedback === 'shrink') return Math.max(1, current / 2);
  return Math.min(max, current);
}

/** The windows of every destination seen so far; a new destination starts at `initial`. */
export class DestinationWindows {
  private readonly windows = new Map<string, number>();

  constructor(private limits: WindowLimits = DEFAULT_WINDOW) {}

  configure(limits: WindowLimits): void {
    this.limits = limits;
    for (const [key, window] of this.windows)
      this.windows.set(key, nextWindow(window, 'none', limits));
  }

  /** Sessions this destination may have at once now. */
  limit(key: string): number {
    return sessions(this.window(key));
  }

  record(key: string, feedback: Feedback): void {
    if (feedback === 'none' && !this.windows.has(key)) return;
    this.windows.set(key, nextWindow(this.window(key), feedback, this.limits));
  }

  /** Each destination's current limit, for the stats. */
  snapshot(): Map<string, number> {
    return new Map([...this.windows.keys()].map((key) => [key, this.limit(key)]));
  }

  private window(key: string): number {
    return this.windows.get(key) ?? Math.min(this.limits.initial, Math.max(1, this.limits.max));
  }
}
