import { z } from 'zod';
import { MxRoute } from './mx';
import { AttemptOutcome, TranscriptLine } from './smtp';

export const CheckStatus = z.enum(['ok', 'warn', 'fail', 'na']);
export type CheckStatus = z.infer<typeof CheckStatus>;

/**
 * Where a check belongs: the domain report's groups (mx, server, policy, sender, and connection
 * for the sending IP), then the message report's (authentication, bulk, connection, hygiene).
 * One shape for both reports.
 */
export const CheckGroup = z.enum([
  'mx',
  'server',
  'policy',
  'sender',
  'authentication',
  'bulk',
  'connection',
  'hygiene',
  'content',
]);
export type CheckGroup = z.infer<typeof CheckGroup>;
/** The groups a domain report uses. */
export const DomainCheckGroup = CheckGroup.extract([
  'mx',
  'server',
  'policy',
  'sender',
  'connection',
]);
export type DomainCheckGroup = z.infer<typeof DomainCheckGroup>;

/** One thing an administrator would check by hand: a verdict, why, and what it rests on. */
export const Check = z.object({
  /** Stable name, e.g. "mta-sts.policy" or "server.certificate". */
  id: z.string(),
  group: CheckGroup,
  title: z.string(),
  status: CheckStatus,
  /** One sentence: why this status. */
  summary: z.string(),
  /** What to do about it, worded as a hint; null when nothing needs doing. */
  hint: z.string().nullable(),
  /** The record, the reply, the certificate: lines as found. */
  evidence: z.array(z.string()),
  /** For a check about one MX address: "host (address)"; null for domain-wide ones. */
  subject: z.string().nullable(),
});
export type Check = z.infer<typeof Check>;

export const CertificateInfo = z.object({
  subject: z.string(),
  subjectAltNames: z.array(z.string()),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  /** Whole days until notAfter (negative once expired), at probe time. */
  daysLeft: z.number().int(),
  /** The chain verifies against the trusted roots (whatever the name). */
  chainVerifies: z.boolean(),
  /** Why not, as OpenSSL says it (DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED…). */
  chainError: z.string().nullable(),
  /** The certificate names the MX host (RFC 6125 rules, one-label wildcards). */
  nameMatches: z.boolean(),
});
export type CertificateInfo = z.infer<typeof CertificateInfo>;

/** What a server offers after EHLO (after STARTTLS when it worked). */
export const EhloInfo = z.object({
  /** EHLO refused: the server was greeted with HELO and offers nothing. */
  helo: z.boolean(),
  /** The host name at the start of the EHLO reply. */
  name: z.string(),
  keywords: z.array(z.string()),
  /** What the plaintext EHLO offered, when STARTTLS followed (servers may offer more or less). */
  keywordsBeforeTls: z.array(z.string()).nullable(),
  pipelining: z.boolean(),
  /** SIZE in bytes; 0: offered without a limit; null: not offered. */
  size: z.number().nullable(),
  eightBitMime: z.boolean(),
  smtpUtf8: z.boolean(),
  startTls: z.boolean(),
  chunking: z.boolean(),
  dsn: z.boolean(),
  requireTls: z.boolean(),
});
export type EhloInfo = z.infer<typeof EhloInfo>;

/** One MX address, probed once: connect, banner, EHLO, STARTTLS, then QUIT. No mail is sent. */
export const MxProbe = z.object({
  host: z.string(),
  preference: z.number().nullable(),
  address: z.string(),
  port: z.number().int(),
  /** pending until the probe and its DNS lookups are finished. */
  state: z.enum(['pending', 'done']),
  reachable: z.boolean().nullable(),
  /** How the session ended when it did not reach STARTTLS's end: connect-refused, timeout… */
  outcome: AttemptOutcome.nullable(),
  /** Why, in a sentence: "127.0.0.1:25 refused the connection." */
  failure: z.string().nullable(),
  connectMs: z.number().nullable(),
  bannerMs: z.number().nullable(),
  banner: z.string().nullable(),
  /** The host name the banner gives. */
  bannerHost: z.string().nullable(),
  ehlo: EhloInfo.nullable(),
  starttls: z.object({
    offered: z.boolean(),
    ok: z.boolean(),
    protocol: z.string().nullable(),
    cipher: z.string().nullable(),
    error: z.string().nullable(),
  }),
  certificate: CertificateInfo.nullable(),
  /** Reverse DNS of the address, and whether the name resolves to it again (FCrDNS); null until
   * looked up, and for sandbox hosts, which have no DNS. */
  reverseDns: z
    .object({
      names: z.array(z.string()),
      forwardConfirmed: z.boolean(),
      error: z.string().nullable(),
    })
    .nullable(),
  transcript: z.array(TranscriptLine),
  /** The address this server says it sees MXray as, in its greeting or EHLO reply ("Nice to
   * meet you, [203.0.113.5]"); null when it said none. Absent in reports made before. */
  clientAddress: z.string().nullable().optional(),
});
export type MxProbe = z.infer<typeof MxProbe>;

export const ReportCounts = z.object({
  ok: z.number().int(),
  warn: z.number().int(),
  fail: z.number().int(),
  na: z.number().int(),
});
export type ReportCounts = z.infer<typeof ReportCounts>;

export const DomainReport = z.object({
  id: z.string(),
  domain: z.string(),
  senderDomain: z.string().nullable(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  done: z.boolean(),
  route: MxRoute.nullable(),
  probes: z.array(MxProbe),
  checks: z.array(Check),
  counts: ReportCounts,
  /** One sentence on top: can mail be delivered, and the worst findings. */
  summary: z.string(),
});
export type DomainReport = z.infer<typeof DomainReport>;

export const ReportStart = z
  .object({
    domain: z.string().trim().min(1, 'Give a domain').max(253),
    senderDomain: z.string().trim().max(253).default(''),
  })
  .strict();
export type ReportStart = z.infer<typeof ReportStart>;

export const STATUS_WORD: Record<CheckStatus, string> = {
  ok: 'OK',
  warn: 'Warning',
  fail: 'Fail',
  na: 'n/a',
};
