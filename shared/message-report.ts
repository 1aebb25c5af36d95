import { z } from 'zod';
import { Check, CheckStatus, ReportCounts } from './domain-report';
import { SendRequest } from './send';
import { Mode } from './settings';
import { SpamVerdict } from './spam';

/**
 * The message report: how a receiving MX would judge one message (authentication, the
 * Gmail/Yahoo sender rules, RFC 5322 hygiene), how its HTML fares in mail clients, what a spam
 * filter says, and every URL in it. Built by electron/message/message-report.ts; this schema is
 * the JSON export (`mxray inspect --json`) and what the UI draws.
 */

/**
 * An authentication verdict as RFC 8601 names them, plus `not-checked` when MXray did not ask
 * (Sandbox mode without DNS servers, a connecting IP not known, a draft not yet sent): never a
 * guess. `policy` is DKIM's "the receiver refuses this key" (too short).
 */
export const AuthResult = z.enum([
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'temperror',
  'permerror',
  'policy',
  'not-checked',
]);
export type AuthResult = z.infer<typeof AuthResult>;

export const SpfVerdict = z.object({
  result: AuthResult,
  /** The domain whose record was evaluated (MAIL FROM's, or HELO's for a null sender). */
  domain: z.string().nullable(),
  ip: z.string().nullable(),
  helo: z.string().nullable(),
  mailFrom: z.string().nullable(),
  /** The SPF record as found. */
  record: z.string().nullable(),
  /** One sentence: why this result (or why not checked). */
  reason: z.string(),
  /** DNS lookups the evaluation used, of the 10 SPF allows. */
  lookups: z.number().int().nullable(),
});
export type SpfVerdict = z.infer<typeof SpfVerdict>;

export const DkimSignature = z.object({
  /** d= and s=: the key is looked up at `selector._domainkey.domain`. */
  domain: z.string(),
  selector: z.string(),
  /** a=, e.g. rsa-sha256 or ed25519-sha256. */
  algorithm: z.string(),
  /** c=, e.g. relaxed/relaxed. */
  canonicalization: z.string(),
  result: AuthResult,
  /**
   * Why not a pass, in words: "body hash did not verify", "no key published at
   * sel._domainkey.example.com", "key too short (512 bits)"…; null for a pass.
   */
  reason: z.string().nullable(),
  keyType: z.enum(['rsa', 'ed25519']).nullable(),
  /** RSA modulus length, or 256 for Ed25519; null when no key was found. */
  keyBits: z.number().int().nullable(),
  /** d= matches the header From's organisational domain (DMARC's relaxed alignment). */
  aligned: z.boolean(),
  /** h=: the header fields the signature covers, lower case. */
  signedHeaders: z.array(z.string()),
  /** The key record (TXT) as found. */
  record: z.string().nullable(),
});
export type DkimSignature = z.infer<typeof DkimSignature>;

export const DkimVerdict = z.object({
  /** pass when any signature passes; none when there is none; else the first one's result. */
  result: AuthResult,
  /** Why not checked, when not checked; null otherwise. */
  reason: z.string().nullable(),
  signatures: z.array(DkimSignature),
});
export type DkimVerdict = z.infer<typeof DkimVerdict>;

export const DmarcVerdict = z.object({
  result: AuthResult,
  /** The header From domain DMARC judged. */
  domain: z.string().nullable(),
  /** The record as found (maybe the organisational domain's). */
  record: z.string().nullable(),
  /** p= */
  policy: z.enum(['none', 'quarantine', 'reject']).nullable(),
  /** The policy a receiver applies to this From domain (sp= for a subdomain when set). */
  appliedPolicy: z.enum(['none', 'quarantine', 'reject']).nullable(),
  pct: z.number().nullable(),
  /** The aligned domain, or null: SPF's (MAIL FROM) and DKIM's (d=). */
  alignment: z.object({
    spf: z.string().nullable(),
    dkim: z.string().nullable(),
    spfStrict: z.boolean(),
    dkimStrict: z.boolean(),
  }),
  reason: z.string(),
});
export type DmarcVerdict = z.infer<typeof DmarcVerdict>;

export const ArcVerdict = z.object({
  /** none: no ARC sets; pass/fail: the chain's validation. */
  result: AuthResult,
  /** How many ARC sets (i=1…n) the message carries. */
  instances: z.number().int(),
  reason: z.string(),
});
export type ArcVerdict = z.infer<typeof ArcVerdict>;

export const Authentication = z.object({
  /** false: nothing was asked of DNS (see `reason`); every verdict is not-checked. */
  checked: z.boolean(),
  reason: z.string().nullable(),
  /** Who answered DNS: "127.0.0.1:5353", or "the system's resolvers (…)"; null when none asked. */
  dnsServers: z.string().nullable(),
  /** Each DNS question asked and its answer, in order: "TXT _dmarc.example.com → v=DMARC1; …". */
  lookups: z.array(z.string()),
  /** The addresses of the header From field(s). */
  headerFrom: z.array(z.string()),
  spf: SpfVerdict,
  dkim: DkimVerdict,
  dmarc: DmarcVerdict,
  arc: ArcVerdict,
});
export type Authentication = z.infer<typeof Authentication>;

/** caniemail's support levels that are trouble: none (broken) and partial (with caveats). */
export const HtmlSupport = z.enum(['none', 'partial']);

export const HtmlFeatureIssue = z.object({
  /** caniemail's title: "display:flex", "<style> element", "Class selector"… */
  feature: z.string(),
  support: HtmlSupport,
  /** The clients it breaks (support none) or troubles (partial): "outlook.windows"… */
  clients: z.array(z.string()),
  /** Their families: "outlook", "gmail"… */
  families: z.array(z.string()),
  /** caniemail's notes, deduplicated. */
  notes: z.array(z.string()),
});
export type HtmlFeatureIssue = z.infer<typeof HtmlFeatureIssue>;

export const HtmlFamilyScore = z.object({
  /** "gmail", "outlook", "apple-mail"… (caniemail's client prefix). */
  family: z.string(),
  title: z.string(),
  /** The family's clients checked ("gmail.android", "gmail.desktop-webmail"…). */
  clients: z.array(z.string()),
  /**
   * 0–100: the share of the family's clients that support every feature the message uses, a
   * client with partial support only counting half.
   */
  score: z.number().min(0).max(100),
  /** ok at 100, warn below. */
  status: CheckStatus,
  /** Features a client of this family does not support at all. */
  unsupported: z.array(z.string()),
});
export type HtmlFamilyScore = z.infer<typeof HtmlFamilyScore>;

export const HtmlCompat = z.object({
  /** false: no HTML part, or the check could not run (`reason`). */
  checked: z.boolean(),
  reason: z.string().nullable(),
  /** Where the data came from: "caniemail 2.0.2 (caniemail.com data)". */
  source: z.string(),
  families: z.array(HtmlFamilyScore),
  /** Unsupported first, then partial; each with the clients it breaks. */
  issues: z.array(HtmlFeatureIssue),
  /** Clients caniemail could not judge this message for, with why. */
  notChecked: z.array(z.object({ client: z.string(), reason: z.string() })),
});
export type HtmlCompat = z.infer<typeof HtmlCompat>;

export const MessageLink = z.object({
  url: z.string(),
  /** link: an <a href> or a URL in text; image: <img src>, a CSS url(), a background. */
  kind: z.enum(['link', 'image']),
  /** Which part it was found in. */
  part: z.enum(['html', 'text']),
  /** The link's text, for <a> links with text. */
  text: z.string().nullable(),
});
export type MessageLink = z.infer<typeof MessageLink>;

export const LinkCheck = z.object({
  url: z.string(),
  /** The final HTTP status, after redirects; null when no response came. */
  status: z.number().int().nullable(),
  /** ok: a 2xx at the end within 5 redirects; warn: a 4xx/5xx or too many redirects; fail: no answer. */
  verdict: CheckStatus,
  /** Every hop: the URL asked and the status it answered (3xx with its Location next). */
  redirects: z.array(z.object({ url: z.string(), status: z.number().int() })),
  finalUrl: z.string(),
  /** Why it failed, in a sentence (timeout, refused, DNS…). */
  error: z.string().nullable(),
  /** The TLS failure (certificate expired, wrong name…), when that is what failed. */
  tlsError: z.string().nullable(),
  ms: z.number().nullable(),
});
export type LinkCheck = z.infer<typeof LinkCheck>;

export const LinksSection = z.object({
  /** Every link and image URL, in order of appearance, deduplicated per kind. */
  items: z.array(MessageLink),
  /** Results per URL; null when not checked (Sandbox mode, not asked for, a draft…). */
  checks: z.array(LinkCheck).nullable(),
  /** Why they were not checked, when not. */
  reason: z.string().nullable(),
});
export type LinksSection = z.infer<typeof LinksSection>;

export const MessageSummary = z.object({
  /** Over every check of the checklist. */
  counts: ReportCounts,
  worst: CheckStatus,
  /** One sentence on top. */
  sentence: z.string(),
});
export type MessageSummary = z.infer<typeof MessageSummary>;

/** What the sending side did, when known: the connecting client as the MX saw it. */
export const MessageEnvelope = z.object({
  ip: z.string().nullable(),
  helo: z.string().nullable(),
  mailFrom: z.string().nullable(),
  /** TLS on the wire, from the delivery record; null when not known (a file, a draft). */
  tls: z.object({ protocol: z.string().nullable(), cipher: z.string().nullable() }).nullable(),
  /** true when `tls` comes from a record (a delivery, the sandbox's session); false: unknown. */
  tlsKnown: z.boolean(),
});
export type MessageEnvelope = z.infer<typeof MessageEnvelope>;

export const MessageReport = z.object({
  /** received: judged as the receiving MX would; draft: what can be judged before sending. */
  kind: z.enum(['received', 'draft']),
  generatedAt: z.iso.datetime(),
  source: z.object({
    kind: z.enum(['inbox', 'file', 'pasted', 'draft']),
    /** Inbox message id, or file name. */
    name: z.string().nullable(),
  }),
  mode: Mode,
  message: z.object({
    size: z.number().int(),
    from: z.string().nullable(),
    subject: z.string().nullable(),
    messageId: z.string().nullable(),
    date: z.string().nullable(),
  }),
  envelope: MessageEnvelope,
  authentication: Authentication,
  /** The checklist: the same Check shape as the domain report's, groups authentication, bulk,
   * connection, hygiene (and sender, the domain report's SPF/DMARC record checks). */
  checks: z.array(Check),
  html: HtmlCompat,
  spam: SpamVerdict,
  links: LinksSection,
  summary: MessageSummary,
});
export type MessageReport = z.infer<typeof MessageReport>;

/** Where a message to report on comes from, as the contract takes it. */
const Raw = z
  .string()
  .min(1, 'Paste a message')
  .max(48 * 1024 * 1024, 'At most 48 MB');
export const MessageReportRequest = z.discriminatedUnion('source', [
  z
    .object({
      source: z.literal('inbox'),
      id: z.string().min(1).max(64),
      checkLinks: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      source: z.literal('pasted'),
      /** The raw message as text (an .eml file's content). */
      raw: Raw,
      /** The connecting client's address, as the receiving MX saw it; empty: not known. */
      ip: z
        .string()
        .trim()
        .max(64)
        .refine(
          (v) => v === '' || z.ipv4().safeParse(v).success || z.ipv6().safeParse(v).success,
          'Give the connecting IP as an IPv4 or IPv6 address (e.g. 192.0.2.1), or leave it empty',
        )
        .default(''),
      helo: z.string().trim().max(253).default(''),
      mailFrom: z.string().trim().max(320).default(''),
      checkLinks: z.boolean().default(false),
    })
    .strict(),
  /** A composed message before it is sent: composed (and signed) as the outbox would. */
  z.object({ source: z.literal('draft'), request: SendRequest }).strict(),
]);
export type MessageReportRequest = z.infer<typeof MessageReportRequest>;
