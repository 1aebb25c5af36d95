import { HOST } from './mta';
import type { ReplyRule } from './rule';

const provider = 'Any server';

/** Blocklists known by name alone, as some servers write them ("blocked using Spamhaus"). */
const NAMED_LIST = String.raw`(?:Spamhaus|Barracuda|SpamCop|UCEPROTECT|PSBL|Mailspike|SORBS)(?: (?:ZEN|SBL|XBL|PBL|CSS|DBL|DROP)\b)?`;

/**
 * The words that name a blocklist in a reply, and the list they name (group 1): "blocked using
 * zen.spamhaus.org", "is in a black list at bl.spamcop.net", "listed at b.barracudacentral.org",
 * "present in the Spamhaus DBL".
 */
export const LIST_NAMED = new RegExp(
  String.raw`(?:blocked (?:using|by)|(?:black|block) ?list(?:ed)? (?:at|in|on|by)|listed (?:at|in|on|by)|present in(?: the)?)\s+(${HOST}|${NAMED_LIST})` +
    String.raw`|(?:is in|is on|addresses on|listing in)\s+(${NAMED_LIST})` +
    String.raw`|found on one or more DNSBLs \(([a-z0-9.-]+)\)`,
  'i',
);

export const genericRules: readonly ReplyRule[] = [
  // Source: RFC 5782 (DNS blacklists), https://www.rfc-editor.org/rfc/rfc5782, and the lists'
  // own pages, e.g. https://www.spamcop.net/bl.shtml ("550 5.7.1 Rejected: 192.0.2.1 listed at
  // bl.spamcop.net"); Cloudflare Email Routing, https://developers.cloudflare.com/email-routing/postmaster/
  // ("554 192.0.2.1 found on one or more DNSBLs (uceprotectip3)")
  {
    id: 'any-dnsbl',
    text: LIST_NAMED,
    provider,
    meaning:
      'Your sending IP (or domain) is on a DNS blocklist that the receiving server checks, so it refuses your mail.',
    action:
      'Look the IP up at the named blocklist, fix the cause it gives (open relay, infected host, dynamic range), and ask for delisting there.',
    url: 'https://www.rfc-editor.org/rfc/rfc5782',
    blocklist: true,
  },
  // Source: RFC 6647 (greylisting), https://www.rfc-editor.org/rfc/rfc6647; milter-greylist's
  // default reply ("451 4.7.1 Greylisting in action, please come back in 00:05:00")
  {
    id: 'any-greylisting',
    codes: [421, 450, 451, 452],
    text: /grey ?list(?:ed|ing)?\b|gray ?list(?:ed|ing)?\b/i,
    provider,
    meaning:
      'The server is greylisting: it turns away mail from a sender it has not seen before, once, and accepts a retry a few minutes later.',
    action:
      'Nothing is wrong; retry after a few minutes (a normal mail queue does this by itself).',
    url: 'https://www.rfc-editor.org/rfc/rfc6647',
  },
  // Source: RFC 7208 (SPF), https://www.rfc-editor.org/rfc/rfc7208; Exchange Online's 5.7.23
  // ("550 5.7.23 The message was rejected because of Sender Policy Framework violation")
  {
    id: 'any-spf',
    text: /Sender Policy Framework violation|\bSPF\b[^.;]{0,40}\b(?:fail(?:ed|ure|s)?|not (?:permitted|authori[sz]ed|allowed))\b/i,
    provider,
    meaning:
      "Your sending IP is not allowed by the SPF record of the sender's domain (the MAIL FROM domain, or the HELO name for bounces).",
    action:
      "Add this server to the sender domain's SPF record, or send from a domain whose SPF lists it.",
    url: 'https://www.rfc-editor.org/rfc/rfc7208',
  },
  // Source: OpenDMARC's reject reply (opendmarc/opendmarc.c: "rejected by DMARC policy for
  // example.com"), and RFC 7489, https://www.rfc-editor.org/rfc/rfc7489
  {
    id: 'any-dmarc',
    text: /DMARC polic(?:y|ies)|\bfail(?:ed|s)? DMARC\b|\bDMARC (?:check |verification |validation )?fail/i,
    provider,
    meaning:
      "The message failed DMARC for the From domain, and that domain's policy asks receivers to reject such mail.",
    action:
      'Make SPF or DKIM pass for a domain aligned with the From address. If you send for a domain you do not run, ask its owner to authorize your server.',
    url: 'https://www.rfc-editor.org/rfc/rfc7489',
  },
];
