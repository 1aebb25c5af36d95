import { z } from 'zod';
import { appleRules } from './reply-explanations/apple';
import { genericRules, LIST_NAMED } from './reply-explanations/generic';
import { gmailRules } from './reply-explanations/gmail';
import { microsoftRules } from './reply-explanations/microsoft';
import { mtaRules } from './reply-explanations/mta';
import { otherProviderRules } from './reply-explanations/other-providers';
import type { ReplyRule } from './reply-explanations/rule';
import { yahooRules } from './reply-explanations/yahoo';

export type { ReplyRule } from './reply-explanations/rule';

/** What a reply means beyond its RFC 3463 code: whose rule, what it means, what to do. */
export const ReplyExplanation = z.object({
  provider: z.string(),
  meaning: z.string(),
  action: z.string(),
  /** The provider's public documentation page. */
  url: z.string(),
  /** For a blocklist refusal: the list the reply names, e.g. "zen.spamhaus.org". */
  list: z.string().optional(),
  /** The named list's delisting or lookup page, when it is a well-known list. */
  delist: z.string().optional(),
});
export type ReplyExplanation = z.infer<typeof ReplyExplanation>;

/**
 * Every rule, most specific first: the big providers' own wordings, then the MTAs' stock
 * replies, then generic blocklist, greylisting, SPF and DMARC text.
 */
export const replyRules: readonly ReplyRule[] = [
  ...gmailRules,
  ...microsoftRules,
  ...yahooRules,
  ...appleRules,
  ...otherProviderRules,
  ...mtaRules,
  ...genericRules,
];

const delistPages: readonly [RegExp, string][] = [
  [/spamhaus/i, 'https://check.spamhaus.org/'],
  [/barracuda/i, 'https://www.barracudacentral.org/rbl/removal-request'],
  [/spamcop/i, 'https://www.spamcop.net/bl.shtml'],
  [/uceprotect/i, 'https://www.uceprotect.net/en/rblcheck.php'],
  [/psbl|surriel\.com/i, 'https://psbl.org/'],
  [/mailspike/i, 'https://mailspike.org/'],
];

/** The delisting page of a well-known blocklist ("zen.spamhaus.org" → Spamhaus's), else null. */
export function delistPage(list: string): string | null {
  return delistPages.find(([pattern]) => pattern.test(list))?.[1] ?? null;
}

/** The blocklist a reply names ("… blocked using zen.spamhaus.org" → "zen.spamhaus.org"). */
export function blocklistNamed(text: string): string | null {
  const match = LIST_NAMED.exec(text);
  return match?.[1] ?? match?.[2] ?? match?.[3] ?? null;
}

/** The reply's lines without their "550-" and "5.7.1 " prefixes, joined by single spaces. */
export function replyProse(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/^\d{3}(?:[ -]|$)/, '')
        .replace(/^[245]\.\d{1,3}\.\d{1,3}(?=\s|$)/, '')
        .trim(),
    )
    .filter((line) => line !== '')
    .join(' ')
    .replace(/\s+/g, ' ');
}

function enhancedOf(reply: { enhanced?: string | null; text: string }): string | null {
  if (reply.enhanced) return reply.enhanced;
  return /^(?:\d{3}[ -])?([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply.text.trimStart())?.[1] ?? null;
}

function matches(rule: ReplyRule, code: number, enhanced: string | null, prose: string): boolean {
  if (rule.codes && !rule.codes.includes(code)) return false;
  if (rule.enhanced && !(enhanced && rule.enhanced.test(enhanced))) return false;
  return rule.text.test(prose);
}

/** The first rule that matches this reply, or null (the caller keeps the RFC 3463 wording). */
export function matchReplyRule(reply: {
  code: number;
  enhanced?: string | null;
  text: string;
}): ReplyRule | null {
  if (reply.code < 400) return null;
  const enhanced = enhancedOf(reply);
  const prose = replyProse(reply.text);
  return replyRules.find((rule) => matches(rule, reply.code, enhanced, prose)) ?? null;
}

/**
 * What a refusal means at the provider that sent it, and what to do; null when no rule knows it.
 * A blocklist refusal also says which list it named and, for a well-known one, where to delist.
 */
export function explainReply(reply: {
  code: number;
  enhanced?: string | null;
  text: string;
}): ReplyExplanation | null {
  const rule = matchReplyRule(reply);
  if (!rule) return null;
  const explanation: ReplyExplanation = {
    provider: rule.provider,
    meaning: rule.meaning,
    action: rule.action,
    url: rule.url,
  };
  if (rule.blocklist) {
    const list = blocklistNamed(replyProse(reply.text));
    if (list) {
      explanation.list = list;
      const delist = delistPage(list);
      if (delist) explanation.delist = delist;
    }
  }
  return explanation;
}

/**
 * Every page an explanation may link to (the rules' documentation and the delisting pages),
 * as `URL.href`: Electron's main opens these, and only these of them, in the user's browser.
 */
export function explanationPages(): ReadonlySet<string> {
  return new Set(
    [...replyRules.map((rule) => rule.url), ...delistPages.map(([, page]) => page)].map(
      (page) => new URL(page).href,
    ),
  );
}
