import type { RecipientResult } from '../../shared/smtp';
import { isoNow } from '../smtp/clock';
import { type Delivery, isFinal, type RecipientState } from './delivery-state';
import { type RetryPolicy, retryDelayMs, shouldGiveUp } from './retry-policy';

interface Try {
  delivery: Delivery;
  now: number;
  /** The attempt stopped where the request asked (quit-after): a probe. */
  probe: boolean;
  policy: RetryPolicy;
}

/** One recipient's verdict from one try, as its new state: final, or deferred until its next attempt. */
export function settleRecipient(
  state: RecipientState,
  result: RecipientResult,
  t: Try,
): RecipientState {
  const tries = state.tries + 1;
  const final = (status: RecipientState['status'], verdict = result): RecipientState => ({
    address: state.address,
    status,
    result: verdict,
    tries,
    nextAttemptAt: null,
  });
  // A probe that stopped where it was asked to has its answer, unless RCPT said "later".
  if (t.probe && result.status === 'deferred' && (result.rcptReply?.code ?? 250) < 400)
    return final('probed');
  if (result.status !== 'deferred' || t.delivery.status === 'cancelled')
    return final(result.status);
  if (shouldGiveUp(t.delivery.firstAttemptAt ?? t.now, tries, t.now, t.policy)) {
    const last = result.reply
      ? `${result.reply.code} ${result.reply.text}`
      : (result.reason ?? 'no reply');
    return final('bounced', {
      ...result,
      status: 'bounced',
      reason: `Gave up after ${tries} tries; last: ${last}`,
    });
  }
  const at = t.now + retryDelayMs(tries, result.reply, t.policy);
  return { ...final('deferred', { ...result, nextAttemptAt: isoNow(at) }), nextAttemptAt: at };
}

/** The delivery's recipients with this one's verdict applied (unless it is final already). */
export function withVerdict(
  recipients: RecipientState[],
  result: RecipientResult,
  t: Try,
): RecipientState[] | null {
  const i = recipients.findIndex((r) => r.address === result.address);
  const state = recipients[i];
  if (!state || isFinal(state)) return null;
  const next = recipients.slice();
  next[i] = settleRecipient(state, result, t);
  return next;
}
