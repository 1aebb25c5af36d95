import { explainReply } from '../../shared/reply-explanations';
import type { AttemptOutcome, RecipientResult } from '../../shared/smtp';
import type { PhaseState, TransactionEnd } from './phases';
import { isPermanent, isPositive, isTransient, type TransactionReplies } from './transaction';

/**
 * Each recipient's verdict after a session, from what the server said to each step.
 * A 5xx is final for its recipient (bounced); a 250 to the final dot is delivery; anything
 * else (4xx, a dropped connection, a timeout, a stop on request) leaves it deferred.
 */
export function recipientResults(
  state: PhaseState,
  sessionEnd: TransactionEnd,
): RecipientResult[][] {
  return state.plan.transactions.map((tx, i) => {
    const replies = state.replies[i];
    const end = state.ends[i] ?? sessionEnd;
    return tx.rcptTo.map((address, r) => explained(verdict(address, replies, r, end)));
  });
}

/** A refusal or deferral whose reply a provider rule knows carries that rule's explanation. */
function explained(result: RecipientResult): RecipientResult {
  if (result.status === 'delivered' || !result.reply) return result;
  const explanation = explainReply(result.reply);
  return explanation ? { ...result, explanation } : result;
}

/**
 * Recipients delivered or bounced by the transactions that ended since `from` (an index into
 * `state.ends`): known the moment the deciding reply arrives, before the session goes on.
 */
export function sealedVerdicts(state: PhaseState, from: number): RecipientResult[] {
  const last = state.ends.at(-1);
  if (!last || state.ends.length <= from) return [];
  return recipientResults(state, last)
    .slice(from, state.ends.length)
    .flat()
    .filter((r) => r.status === 'delivered' || r.status === 'bounced');
}

function verdict(
  address: string,
  replies: TransactionReplies | undefined,
  index: number,
  end: TransactionEnd,
): RecipientResult {
  const rcpt = replies?.rcpt[index] ?? null;
  const base = { address, rcptReply: rcpt };
  const mail = replies?.mail ?? null;
  // The session could not go on for anyone (a 535 to AUTH, no AUTH this client can use).
  if (end.refusesAll && mail === null)
    return {
      ...base,
      status: 'bounced',
      reply: isPermanent(end.reply) ? end.reply : null,
      reason: end.reason,
    };
  // A refused MAIL decides alone: under PIPELINING the RCPTs sent after it get "503 need MAIL",
  // which says nothing of the mailbox (a 450 at MAIL is a deferral, not a bounce).
  if (isPermanent(mail)) return { ...base, status: 'bounced', reply: mail };
  if (isTransient(mail)) return { ...base, status: 'deferred', reply: mail };
  if (isPermanent(rcpt)) return { ...base, status: 'bounced', reply: rcpt };
  if (isTransient(rcpt)) return { ...base, status: 'deferred', reply: rcpt };
  const final = replies?.final ?? null;
  if (isPositive(rcpt) && final) {
    if (isPositive(final)) return { ...base, status: 'delivered', reply: final };
    return { ...base, status: isPermanent(final) ? 'bounced' : 'deferred', reply: final };
  }
  if (isPositive(rcpt) && replies?.data && !isPositive(replies.data)) {
    return {
      ...base,
      status: isPermanent(replies.data) ? 'bounced' : 'deferred',
      reply: replies.data,
    };
  }
  if (end.reply === null && isLocalRefusal(end.outcome, replies)) {
    return { ...base, status: 'bounced', reply: null, reason: end.reason };
  }
  const possiblyDelivered = replies?.bodySent === true && final === null && isPositive(rcpt);
  return {
    ...base,
    status: 'deferred',
    // A positive RCPT reply is not the result: what decided is what came after it (a reply, or
    // none at all when the connection went after the final dot).
    reply: rcpt && !isPositive(rcpt) ? rcpt : end.reply,
    ...(possiblyDelivered ? { possiblyDelivered: true } : {}),
    reason: end.reason,
  };
}

/** MXray itself refused before asking (SMTPUTF8 or SIZE): permanent for this message. */
function isLocalRefusal(outcome: AttemptOutcome, replies: TransactionReplies | undefined): boolean {
  return outcome === 'rejected' && replies !== undefined && replies.mail === null;
}
