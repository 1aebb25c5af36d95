/**
 * One timer for every session in the process. A session arms a deadline (a number) instead of
 * its own setTimeout; a single unref'd interval fires the ones that have passed. Sessions
 * re-arm on every reply, and thousands may run at once: per-session Node timers were a
 * measurable share of each session's CPU (see bench/README.md).
 */
export const WATCHDOG_TICK_MS = 50;

interface Watched {
  deadline: number;
  onExpired(): void;
}

const watched = new Set<Watched>();
let interval: NodeJS.Timeout | null = null;

function tick() {
  const now = Date.now();
  for (const w of watched) {
    if (w.deadline <= now) {
      watched.delete(w);
      w.onExpired();
    }
  }
  if (watched.size === 0 && interval) {
    clearInterval(interval);
    interval = null;
  }
}

export class Deadline implements Watched {
  deadline = 0;
  constructor(readonly onExpired: () => void) {}

  /** Expire `ms` from now (replacing any earlier deadline). */
  arm(ms: number): void {
    this.deadline = Date.now() + ms;
    watched.add(this);
    if (!interval) {
      interval = setInterval(tick, WATCHDOG_TICK_MS);
      interval.unref();
    }
  }

  clear(): void {
    watched.delete(this);
  }
}
