import type { SendReport } from '../../shared/send';
import type { Delivery } from './delivery-state';
import type { RetryPolicy } from './retry-policy';
import { withVerdict } from './settle-recipient';

/**
 * What one attempt (one session, or one walk of the MX list) did to a delivery: its warnings,
 * every recipient's verdict, and what the delivery waits for next. Its attempt records, numbered
 * on from earlier tries (the job's firstAttempt), joined the delivery as they ended. Recipients
 * settled mid-session keep that one verdict.
 */
export function applyAttempt(
  delivery: Delivery,
  report: SendReport,
  now: number,
  policy: RetryPolicy,
): void {
  // Each attempt joined the delivery as it ended (attempt-runner.ts); a report's are added
  // here only if they did not (a send that emits no attempt events).
  for (const attempt of report.attempts)
    if (!delivery.attempts.some((a) => a.n === attempt.n)) delivery.attempts.push(attempt);
  delivery.attempts.sort((a, b) => a.n - b.n);
  for (const w of report.warnings) if (!delivery.warnings.includes(w)) delivery.warnings.push(w);
  const probe = report.attempts.some((a) => a.outcome === 'quit-after');
  for (const result of report.recipients)
    delivery.recipients =
      withVerdict(delivery.recipients, result, { delivery, now, probe, policy }) ??
      delivery.recipients;
  // cancel() may have changed the status while the session ran.
  if (delivery.status === 'cancelled') return;
  const waiting = delivery.recipients.filter((r) => r.status === 'deferred');
  delivery.status = waiting.length ? 'deferred' : 'done';
  delivery.nextAttemptAt = waiting.length
    ? Math.min(...waiting.map((r) => r.nextAttemptAt ?? now))
    : null;
}
