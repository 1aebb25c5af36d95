import type { Reply } from '../../shared/smtp';

/** When to try a deferred recipient again, and when to stop trying. */
export interface RetryPolicy {
  /** First retry after a deferral: the seed's GREYSLEEP, 5 minutes. */
  firstRetryMs: number;
  /** Doubling stops here (Postfix's maximal_backoff_time, 4000 s). */
  maxBackoffMs: number;
  /** How long a message may stay in the queue before it bounces (Postfix: 5 days). */
  lifetimeMs: number;
  /** Attempts per recipient before it bounces; null: until the lifetime ends. */
  maxAttempts: number | null;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  firstRetryMs: 300_000,
  maxBackoffMs: 4_000_000,
  lifetimeMs: 5 * 24 * 3600_000,
  maxAttempts: null,
};

/** A server that says how long to wait ("try again in 60 seconds", "retry in 5 minutes"). */
export function delayHintMs(text: string): number | null {
  const match =
    /\b(?:in|after|wait(?:ing)?(?: for)?|for)\s+(\d{1,6})\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|h)\b/i.exec(
      text,
    );
  if (!match) return null;
  const n = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  return unit.startsWith('h') ? n * 3600_000 : unit.startsWith('m') ? n * 60_000 : n * 1000;
}

/**
 * Delay before attempt number `attemptsSoFar + 1`: the first retry after `firstRetryMs`, then
 * doubling up to `maxBackoffMs`. A delay the server names is honoured when it lies between
 * one second and the backoff cap; otherwise it is clamped into that range.
 */
export function retryDelayMs(
  attemptsSoFar: number,
  reply: Reply | null,
  policy: RetryPolicy,
): number {
  const doubled = policy.firstRetryMs * 2 ** Math.max(0, attemptsSoFar - 1);
  const base = Math.min(doubled, Math.max(policy.maxBackoffMs, policy.firstRetryMs));
  const hint = reply ? delayHintMs(reply.text) : null;
  if (hint === null) return base;
  return Math.min(Math.max(hint, 1000), Math.max(policy.maxBackoffMs, policy.firstRetryMs));
}

/** Has this recipient been tried long enough or often enough? */
export function shouldGiveUp(
  firstAttemptAt: number,
  attempts: number,
  now: number,
  policy: RetryPolicy,
): boolean {
  if (policy.maxAttempts !== null && attempts >= policy.maxAttempts) return true;
  return now - firstAttemptAt >= policy.lifetimeMs;
}
