/** Time as the queue sees it; tests pass a clock they can move forward by hand. */
export interface Clock {
  now(): number;
  /** Call `fn` after `ms`; returns a function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    // setTimeout cannot wait longer than ~24.8 days; retries never need to.
    const timer = setTimeout(fn, Math.min(Math.max(ms, 0), 2 ** 31 - 1));
    return () => clearTimeout(timer);
  },
};
