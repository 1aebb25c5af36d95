import { enhancedMeaning } from '../../shared/enhanced-codes';
import type { Reply } from '../../shared/smtp';
import type { Verdict } from '../../shared/verify';

export interface Judgement {
  verdict: Verdict;
  reason: string;
  /** A greylisting server asked for the same probe later: worth trying again. */
  retry: 'greylisted' | 'too-many-recipients' | null;
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
