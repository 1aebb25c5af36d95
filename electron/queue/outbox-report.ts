import type { SendReport } from '../../shared/send';
import type { RecipientResult } from '../../shared/smtp';
import { isoNow } from '../smtp/clock';
import type { Delivery } from './delivery-state';

/** The deliveries of one message as one report (CLI.md `--json`), attempts numbered in order. */
export function outboxReport(messageId: string, deliveries: Delivery[]): SendReport {
  const report: SendReport = {
    messageId,
    warnings: [],
    recipients: [],
    attempts: [],
    transcript: [],
  };
  for (const d of deliveries) {
    const offset = report.attempts.length;
    report.attempts.push(...d.attempts.map((a) => ({ ...a, n: a.n + offset })));
    report.transcript.push(...d.transcript.map((l) => ({ ...l, attempt: l.attempt + offset })));
    for (const w of d.warnings) if (!report.warnings.includes(w)) report.warnings.push(w);
    for (const r of d.recipients) {
      const result: RecipientResult = r.result ?? {
        address: r.address,
        status: 'deferred',
        reply: null,
        rcptReply: null,
        reason: d.status === 'cancelled' ? 'Cancelled before any attempt.' : 'Not tried yet.',
      };
      report.recipients.push(
        r.status === 'deferred' && r.nextAttemptAt !== null && d.status !== 'cancelled'
          ? { ...result, nextAttemptAt: isoNow(r.nextAttemptAt) }
          : result,
      );
    }
  }
  return report;
}
