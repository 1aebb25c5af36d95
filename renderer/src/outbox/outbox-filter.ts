import type { OutboxDelivery } from '../../../shared/outbox';
import { deliveryStatus } from './delivery-status';

/** What a delivery can be found by: addresses, domain, subject, sender, states, replies, reasons. */
function haystack(d: OutboxDelivery): string {
  const recipients = d.recipients.map((r) => {
    const reply =
      r.result?.rcptReply && r.result.rcptReply.code >= 400 ? r.result.rcptReply : r.result?.reply;
    return [
      r.address,
      r.status,
      reply ? `${reply.code} ${reply.enhanced ?? ''} ${reply.text}` : '',
      r.result?.reason ?? '',
    ].join(' ');
  });
  return [
    deliveryStatus(d).label,
    d.status,
    d.domain ?? '',
    d.server ?? '',
    d.subject,
    d.mailFrom,
    ...recipients,
  ]
    .join(' ')
    .toLowerCase();
}

/**
 * "bounced 550", "status:deferred example": every word must match. `status:` matches the
 * delivery's status word only; any other word matches anywhere: an address, the subject, a
 * recipient's state, a reply's code or text ("550", "5.1.1", "greylisted").
 */
export function matchesQuery(d: OutboxDelivery, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const status = deliveryStatus(d).label.toLowerCase();
  const text = haystack(d);
  return words.every((w) =>
    w.startsWith('status:') ? status.startsWith(w.slice(7)) : text.includes(w),
  );
}
