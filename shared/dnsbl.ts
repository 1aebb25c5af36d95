import { z } from 'zod';
import { Check } from './domain-report';

/** One answer a blocklist gives, and what it means in words. */
export const ReturnCode = z.object({
  /** The A record the list answers with: "127.0.0.2". */
  code: z.string(),
  /** The list's own short name for it: "SBL", "PBL". */
  label: z.string(),
  meaning: z.string(),
});
export type ReturnCode = z.infer<typeof ReturnCode>;

/** A DNS blocklist: IP lists (DNSBL) are asked for reversed addresses, domain lists (RHSBL) for names. */
export const Blocklist = z.object({
  zone: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['ip', 'domain']),
  /** Where to look an entry up and ask for its removal. */
  delistUrl: z.string(),
  /** The codes it documents; any other answer in 127.0.0.0/8 still means listed. */
  codes: z.array(ReturnCode),
  /** Answers that mean "we will not answer you", not "listed" (Spamhaus's 127.255.255.x). */
  refusals: z.array(ReturnCode),
  /** It lists IPv6 addresses (nibble-reversed names under the zone). */
  ipv6: z.boolean(),
});
export type Blocklist = z.infer<typeof Blocklist>;

export const BlocklistStatus = z.enum(['listed', 'not-listed', 'refused', 'unknown']);
export type BlocklistStatus = z.infer<typeof BlocklistStatus>;

/** What one list said about one address or domain. */
export const BlocklistResult = z.object({
  zone: z.string(),
  name: z.string(),
  kind: z.enum(['ip', 'domain']),
  delistUrl: z.string(),
  /** The IP address or domain asked about. */
  target: z.string(),
  /** The name asked: "2.0.0.127.zen.spamhaus.org". */
  query: z.string(),
  /** listed: an entry; not-listed: NXDOMAIN; refused: the list will not answer this resolver;
   * unknown: no answer (timeout, SERVFAIL): never read as clean. */
  status: BlocklistStatus,
  /** The codes answered (listed or refused), each with its meaning. */
  codes: z.array(ReturnCode),
  /** The TXT record the list publishes with an entry, when it does. */
  reason: z.string().nullable(),
  /** One sentence: what the answer means. */
  summary: z.string(),
  /** For unknown: why there is no answer ("the DNS server … did not answer within 5000 ms"). */
  failure: z.string().nullable(),
  /** The DNS server that was asked. */
  server: z.string(),
});
export type BlocklistResult = z.infer<typeof BlocklistResult>;

export const BlocklistReport = z.object({
  ip: z.string().nullable(),
  domain: z.string().nullable(),
  results: z.array(BlocklistResult),
  /** The same results as domain-report checks, one per list and target. */
  checks: z.array(Check),
});
export type BlocklistReport = z.infer<typeof BlocklistReport>;

// Spamhaus return codes: https://docs.spamhaus.com/datasets/docs/source/40-real-world-usage/PublicMirrors/MTAs/020-Postfix.html
// and https://www.spamhaus.org/faqs/domain-blocklist/ (DBL); refusals: "Using our public mirrors?
// Check your return codes now" (https://www.spamhaus.com/resource-center/).
const SPAMHAUS_REFUSALS: ReturnCode[] = [
  {
    code: '127.255.255.252',
    label: 'typo in query',
    meaning:
      'Spamhaus says the query was malformed (a typing error in the list name): it did not check the address.',
  },
  {
    code: '127.255.255.254',
    label: 'public resolver refused',
    meaning:
      'Spamhaus refuses queries that come through a public or open resolver (such as 8.8.8.8 or 1.1.1.1): ask through a resolver of your own, or use a Spamhaus DQS key.',
  },
  {
    code: '127.255.255.255',
    label: 'excessive queries',
    meaning:
      'Spamhaus refuses this resolver for asking too often: use a resolver of your own, or a Spamhaus DQS key.',
  },
];

const PBL_ADVICE =
  'send through your provider’s relay, or, if this is a real mail server, ask for removal at the delist page';

const ZEN_CODES: ReturnCode[] = [
  {
    code: '127.0.0.2',
    label: 'SBL',
    meaning:
      'on the Spamhaus Block List: a known spam source, spam operation or spam-support service.',
  },
  {
    code: '127.0.0.3',
    label: 'SBL CSS',
    meaning:
      'on the Spamhaus CSS list: the address sent low-reputation or “snowshoe” spam (bulk mail spread over many addresses).',
  },
  ...['4', '5', '6', '7'].map((n) => ({
    code: `127.0.0.${n}`,
    label: 'XBL',
    meaning:
      'on the Exploits Block List (XBL, with CBL data): the machine looks infected or hijacked (a bot, open proxy or exploited server) and sent mail it should not.',
  })),
  {
    code: '127.0.0.9',
    label: 'SBL DROP',
    meaning:
      'on Spamhaus DROP: the whole range is hijacked or run by criminals (“Don’t Route Or Peer”).',
  },
  {
    code: '127.0.0.10',
    label: 'PBL (ISP)',
    meaning: `on the Policy Block List, entered by the ISP: the range’s owner says it should not send mail directly to other servers; ${PBL_ADVICE}.`,
  },
  {
    code: '127.0.0.11',
    label: 'PBL (Spamhaus)',
    meaning: `on the Policy Block List, entered by Spamhaus: an end-user or dynamic range that should not send mail directly to other servers; ${PBL_ADVICE}.`,
  },
];

const DBL_CODES: ReturnCode[] = [
  ['2', 'spam domain', 'the domain is used by spammers.'],
  ['4', 'phish domain', 'the domain is used for phishing.'],
  ['5', 'malware domain', 'the domain serves malware.'],
  ['6', 'botnet C&C domain', 'the domain is a botnet command-and-control server.'],
  ['102', 'abused legit spam', 'a legitimate domain abused to send or advertise spam.'],
  ['103', 'abused redirector', 'a legitimate domain abused as a redirector to spam sites.'],
  ['104', 'abused legit phish', 'a legitimate domain abused to host phishing.'],
  ['105', 'abused legit malware', 'a legitimate domain abused to serve malware.'],
  ['106', 'abused legit botnet C&C', 'a legitimate domain abused as a botnet controller.'],
].map(([n, label, meaning]) => ({
  code: `127.0.1.${n}`,
  label: label ?? '',
  meaning: `on the Spamhaus Domain Block List: ${meaning}`,
}));

const listed = (name: string): ReturnCode[] => [
  { code: '127.0.0.2', label: 'listed', meaning: `listed on ${name}.` },
];

/** The well-known public lists, asked by default (Settings may replace them). */
export const DEFAULT_BLOCKLISTS: Blocklist[] = [
  {
    zone: 'zen.spamhaus.org',
    name: 'Spamhaus ZEN',
    kind: 'ip',
    delistUrl: 'https://check.spamhaus.org/',
    codes: ZEN_CODES,
    refusals: SPAMHAUS_REFUSALS,
    ipv6: true,
  },
  {
    zone: 'b.barracudacentral.org',
    name: 'Barracuda',
    kind: 'ip',
    delistUrl: 'https://www.barracudacentral.org/rbl/removal-request',
    codes: listed('the Barracuda Reputation Block List'),
    refusals: [],
    ipv6: false,
  },
  {
    zone: 'bl.spamcop.net',
    name: 'SpamCop',
    kind: 'ip',
    // SpamCop entries expire on their own about 24 hours after the last report.
    delistUrl: 'https://www.spamcop.net/bl.shtml',
    codes: listed('SpamCop (spam reported by its users; entries expire by themselves)'),
    refusals: [],
    ipv6: false,
  },
  {
    zone: 'dnsbl-1.uceprotect.net',
    name: 'UCEPROTECT L1',
    kind: 'ip',
    delistUrl: 'https://www.uceprotect.net/en/rblcheck.php',
    codes: listed('UCEPROTECT level 1 (this address sent to its spam traps)'),
    refusals: [],
    ipv6: false,
  },
  {
    zone: 'psbl.surriel.com',
    name: 'PSBL',
    kind: 'ip',
    delistUrl: 'https://psbl.org/',
    codes: listed('the Passive Spam Block List (mail seen at its spam traps)'),
    refusals: [],
    ipv6: false,
  },
  {
    zone: 'bl.mailspike.net',
    name: 'Mailspike',
    kind: 'ip',
    delistUrl: 'https://mailspike.org/iplookup.html',
    codes: listed('the Mailspike blocklist (poor sending reputation)'),
    refusals: [],
    ipv6: false,
  },
  {
    zone: 'dbl.spamhaus.org',
    name: 'Spamhaus DBL',
    kind: 'domain',
    delistUrl: 'https://check.spamhaus.org/',
    codes: DBL_CODES,
    refusals: [
      ...SPAMHAUS_REFUSALS,
      {
        code: '127.0.1.255',
        label: 'IP queries prohibited',
        meaning: 'the DBL lists domains only and refused a query for an IP address.',
      },
    ],
    ipv6: false,
  },
];
