import type { RecipientResult } from '../../shared/smtp';
import { isoNow } from '../smtp/clock';
import type { Delivery, RecipientState } from './delivery-state';
import { type RetryPolicy, retryDelayMs, shouldGiveUp } from './retry-policy';

interface Try {
  delivery: Delivery;
  now: number;
  /** The attempt stopped where the request asked (quit-after): a probe. */
  probe: boolean;
  policy: RetryPolicy;
}

/** One recipient's verdict from one try: final, or deferred until its next attempt. */
export function settleRecipient(state: RecipientState, result: RecipientResult, t: Try): void {
  state.tries++;
  // A probe that stopped where it was asked to has its answer, unless RCPT said "later".
  if (t.probe && result.status === 'deferred' && (result.rcptReply?.code ?? 250) < 400) {
    state.status = 'probed';
    state.result = result;
    state.nextAttemptAt = null;
    return;
  }
  if (result.status !== 'deferred' || t.delivery.status === 'cancelled') {
    state.status = result.status;
    state.result = result;
    state.nextAttemptAt = null;
    return;
  }
  if (shouldGiveUp(t.delivery.firstAttemptAt ?? t.now, state.tries, t.now, t.policy)) {
    state.status = 'bounced';
    state.nextAttemptAt = null;
    const last = result.reply
      ? `${result.reply.code} ${result.reply.text}`
      : (result.reason ?? 'no reply');
    state.result = {
      ...result,
      status: 'bounced',
      reason: `Gave up after ${state.tries} tries; last: ${last}`,
    };
    return;
  }
  const at = t.now + retryDelayMs(state.tries, result.reply, t.policy);
  state.status = 'deferred';
  state.nextAttemptAt = at;
  state.result = { ...result, nextAttemptAt: isoNow(at) };
}
