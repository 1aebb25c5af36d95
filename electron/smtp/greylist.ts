/** Most triplets remembered; the oldest are forgotten first (a sandbox, not a spam filter). */
const MAX_TRIPLETS = 10_000;

/**
 * Classic greylisting (postgrey's rule): a (client, sender, recipient) triplet seen for the first
 * time is deferred until `delayMs` has passed since then; after that it is let through for good.
 * A new delay starts everyone afresh, so a changed knob is visible on the next attempt.
 */
export class Greylist {
  private readonly firstSeen = new Map<string, number>();
  private delayMs = -1;

  constructor(private readonly now: () => number = Date.now) {}

  /** How long this triplet must still wait, in ms; 0 lets it through. */
  check(triplet: string, delayMs: number): number {
    if (delayMs !== this.delayMs) {
      this.firstSeen.clear();
      this.delayMs = delayMs;
    }
    if (delayMs <= 0) return 0;
    const now = this.now();
    const seen = this.firstSeen.get(triplet);
    if (seen === undefined) {
      if (this.firstSeen.size >= MAX_TRIPLETS) {
        const oldest = this.firstSeen.keys().next().value;
        if (oldest !== undefined) this.firstSeen.delete(oldest);
      }
      this.firstSeen.set(triplet, now);
      return delayMs;
    }
    return Math.max(0, seen + delayMs - now);
  }
}
