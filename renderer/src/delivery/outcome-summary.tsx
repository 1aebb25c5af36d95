import { enhancedMeaning } from '../../../shared/enhanced-codes';
import type { OutboxDelivery } from '../../../shared/outbox';
import type { Reply } from '../../../shared/smtp';
import { recipientTone } from '../outbox/delivery-status';
import { StatusBadge } from '../outbox/status-badge';
import { ReplyExplanationBlock } from '../ui/reply-explanation';
import { type LiveSpot, spotWords } from './failover-nodes';

type Recipient = OutboxDelivery['recipients'][number];

const words: Record<Recipient['status'], string> = {
  pending: 'Waiting',
  delivered: 'Delivered',
  probed: 'Exists (probe)',
  bounced: 'Bounced',
  deferred: 'Deferred',
};

type DeliveryState = Pick<OutboxDelivery, 'status' | 'attempts'> & {
  /** Where the running session is, as the MX card shows it. */
  spot?: LiveSpot | null;
};

/**
 * A recipient's state as the row shows it: its own, unless the delivery's says more — being
 * tried right now, or cancelled (then nothing more will be tried, whatever the last try said).
 */
export function recipientLabel(r: Recipient, delivery: DeliveryState): string {
  const open = r.status === 'pending' || r.status === 'deferred';
  if (open && delivery.status === 'cancelled') return 'Cancelled';
  if (open && delivery.status === 'sending') return 'Sending';
  return words[r.status];
}

/** "3 tries", or "not dialled" when no server was (a null MX, no such domain, held). */
export function triesText(r: Recipient, delivery: DeliveryState): string {
  if (!delivery.attempts.length) return r.tries ? 'not dialled' : '';
  return r.tries === 1 ? '1 try' : `${r.tries} tries`;
}

/** The sentence that says what happened to a recipient, in plain language. */
export function recipientSentence(r: Recipient, delivery?: DeliveryState): string {
  const result = r.result;
  const open = r.status === 'pending' || r.status === 'deferred';
  if (open && delivery?.status === 'cancelled')
    return r.status === 'pending'
      ? 'Cancelled before it was tried; MXray will not try again.'
      : 'Cancelled; not delivered, and MXray will not try again.';
  if (open && delivery?.status === 'sending') {
    const spot = delivery.spot;
    return spot ? `Being tried now: ${spotWords(spot.phase)} at ${spot.host}.` : 'Being tried now.';
  }
  if (r.status === 'pending') return 'Not tried yet.';
  const reply: Reply | null =
    result?.rcptReply && result.rcptReply.code >= 400 ? result.rcptReply : (result?.reply ?? null);
  const meaning =
    reply && greylisted(reply)
      ? 'the server greylisted it, and takes the same message when it comes again later'
      : (enhancedMeaning(reply?.enhanced) ?? classMeaning(reply?.code));
  const base =
    r.status === 'delivered'
      ? 'The server took the message'
      : r.status === 'probed'
        ? 'The server accepted this recipient; the probe stopped there and sent no message'
        : r.status === 'bounced'
          ? 'Delivery failed for good'
          : 'Not delivered yet; MXray will try again';
  // An explained reply says its meaning below the sentence, in the provider's terms (but a
  // greylisting keeps the sentence that says it will pass).
  const explained = result?.explanation && !(reply && greylisted(reply));
  const said = r.status === 'delivered' || r.status === 'probed' || explained;
  const why = meaning && !said ? `: ${meaning}` : '';
  const extra = result?.possiblyDelivered
    ? ' The connection died after the final dot, so the server may have it already.'
    : '';
  return `${base}${why}.${extra}`;
}

const greylisted = (reply: Reply) => reply.code < 500 && /gr[ea]ylist/i.test(reply.text);

function classMeaning(code: number | undefined): string | null {
  if (!code) return null;
  if (code >= 500) return 'the server refused it permanently';
  if (code >= 400) return 'the server refused it for now';
  return null;
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

export function OutcomeSummary({
  delivery,
  spot,
}: {
  delivery: OutboxDelivery;
  spot: LiveSpot | null;
}) {
  const state = { ...delivery, spot };
  const senderDomain = domainOf(delivery.mailFrom);
  return (
    <section className="outcome" aria-label="Outcome">
      <table className="outcome-table">
        <tbody>
          {delivery.recipients.map((r) => {
            const reply =
              r.result?.rcptReply && r.result.rcptReply.code >= 400
                ? r.result.rcptReply
                : r.result?.reply;
            const explanation =
              r.status === 'bounced' || r.status === 'deferred' ? r.result?.explanation : undefined;
            return (
              <tr key={r.address} data-testid="recipient-outcome">
                <td className="mono">{r.address}</td>
                <td>
                  <StatusBadge
                    label={recipientLabel(r, state)}
                    tone={
                      recipientLabel(r, state) === 'Cancelled' ? 'muted' : recipientTone[r.status]
                    }
                  />
                </td>
                <td>
                  <div>{recipientSentence(r, state)}</div>
                  {explanation && (
                    <ReplyExplanationBlock
                      explanation={explanation}
                      check={{ domain: domainOf(r.address), senderDomain }}
                    />
                  )}
                  {reply && (
                    <div
                      className="outcome-reply mono"
                      title={enhancedMeaning(reply.enhanced) ?? undefined}
                    >
                      {reply.code} {reply.text.split('\n')[0]}
                    </div>
                  )}
                  {!reply && r.result?.reason && (
                    <div className="outcome-reply">{r.result.reason}</div>
                  )}
                  {reply?.enhanced &&
                    reply.code >= 400 &&
                    !explanation &&
                    !greylisted(reply) &&
                    enhancedMeaning(reply.enhanced) && (
                      <div className="outcome-code">
                        {reply.enhanced} — {enhancedMeaning(reply.enhanced)}
                      </div>
                    )}
                </td>
                <td className="outcome-tries">{triesText(r, state)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
