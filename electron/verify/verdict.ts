import { enhancedMeaning } from '../../shared/enhanced-codes';
import { explainReply, type ReplyExplanation } from '../../shared/reply-explanations';
import type { Reply } from '../../shared/smtp';
import type { Verdict } from '../../shared/verify';

export interface Judgement {
  verdict: Verdict;
  reason: string;
  /** A greylisting server asked for the same probe later: worth trying again. */
  retry: 'greylisted' | 'too-many-recipients' | null;
  /** What the reply means at its provider, when a rule of shared/reply-explanations.ts knows it. */
  explanation?: ReplyExplanation;
}

/** The rules of no one provider (generic greylisting, blocklist wording) say "Any server". */
const GENERIC_PROVIDER = 'Any server';

/** " — Gmail", " — Postfix, blocklist zen.spamhaus.org": whose rule, briefly, for the reason. */
function whose(e: ReplyExplanation): string {
  const parts = [
    ...(e.provider === GENERIC_PROVIDER ? [] : [e.provider]),
    ...(e.list ? [`blocklist ${e.list}`] : []),
  ];
  return parts.length ? ` — ${parts.join(', ')}` : '';
}

const isGreylist = (r: Reply) =>
  /gr[ae]y ?list/i.test(r.text) || r.enhanced === '4.7.1' || r.code === 450;
const line = (r: Reply) => `${r.code} ${r.text.split('\n')[0]}`;

/**
 * What a reply to RCPT TO says about a mailbox (Reacher's mistakes left behind: a 250 at a
 * catch-all domain means little; greylisting is "ask later", not "no"; a policy block is
 * about the prober, not the mailbox).
 */
export function judgeRcpt(reply: Reply, catchAll: boolean | null, role: boolean): Judgement {
  const judged = judge(reply, catchAll, role);
  const explanation = reply.code >= 300 ? explainReply(reply) : null;
  if (!explanation) return judged;
  // Every reason ends in ": <the reply's first line>"; the provider goes just before it.
  const tail = `: ${line(reply)}`;
  const head = judged.reason.endsWith(tail) ? judged.reason.slice(0, -tail.length) : judged.reason;
  return { ...judged, reason: `${head}${whose(explanation)}${tail}`, explanation };
}

function judge(reply: Reply, catchAll: boolean | null, role: boolean): Judgement {
  const meaning = enhancedMeaning(reply.enhanced);
  if (reply.code < 300) {
    if (catchAll)
      return {
        verdict: 'risky',
        reason: `accepted, but the domain accepts any address (catch-all): ${line(reply)}`,
        retry: null,
      };
    if (role)
      return {
        verdict: 'risky',
        reason: `accepted, but it is a role account read by a team or a robot: ${line(reply)}`,
        retry: null,
      };
    return {
      verdict: 'deliverable',
      reason: `the server accepts this mailbox: ${line(reply)}`,
      retry: null,
    };
  }
  const detail = reply.enhanced?.split('.').slice(1).join('.') ?? '';
  if (detail === '5.3' || (reply.code === 452 && /too many/i.test(reply.text)))
    return {
      verdict: 'unknown',
      reason: `the server wants fewer recipients at once: ${line(reply)}`,
      retry: 'too-many-recipients',
    };
  if (detail === '2.2' || reply.code === 552)
    return {
      verdict: 'risky',
      reason: `the mailbox exists but is full: ${line(reply)}`,
      retry: null,
    };
  if (reply.code >= 500) {
    // Some say "no such mailbox" under another code (Microsoft 365: 550 5.4.1 Recipient
    // address rejected): the words win over the code.
    if (
      /recipient address rejected|user unknown|unknown user|no such (user|mailbox)|does not exist|mailbox unavailable/i.test(
        reply.text,
      ) &&
      (detail.startsWith('4.') || detail.startsWith('3.'))
    )
      return {
        verdict: 'undeliverable',
        reason: `the server says this mailbox does not exist: ${line(reply)}`,
        retry: null,
      };
    if (detail.startsWith('7.') || detail.startsWith('3.') || detail.startsWith('4.'))
      return {
        verdict: 'unknown',
        reason: `the server refused the probe itself${meaning ? ` (${meaning})` : ''}, not the mailbox: ${line(reply)}`,
        retry: null,
      };
    return {
      verdict: 'undeliverable',
      reason: `${meaning ?? 'the server refuses this mailbox'}: ${line(reply)}`,
      retry: null,
    };
  }
  if (isGreylist(reply))
    return {
      verdict: 'unknown',
      reason: `greylisted, ask again later: ${line(reply)}`,
      retry: 'greylisted',
    };
  return {
    verdict: 'unknown',
    reason: `the server said "try later"${meaning ? ` (${meaning})` : ''}: ${line(reply)}`,
    retry: null,
  };
}
