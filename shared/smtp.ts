import { z } from 'zod';
import { ReplyExplanation } from './reply-explanations';

/** Where a session is, or where an attempt ended (CLI.md `phase`). */
export const Phase = z.enum([
  /** The route's DNS lookups, before any connection (a note line and the timeline's first segment). */
  'dns',
  'connect',
  'banner',
  'ehlo',
  'helo',
  'starttls',
  'auth',
  'mail',
  'rcpt',
  'data',
  'body',
  'rset',
  'quit',
]);
export type Phase = z.infer<typeof Phase>;

/** How one connection attempt ended (CLI.md `outcome`, plus the kinds it leaves open). */
export const AttemptOutcome = z.enum([
  'connect-refused',
  'connect-timeout',
  /** Unreachable network or host, or another socket error before the banner. */
  'connect-failed',
  'banner-timeout',
  'greeting-rejected',
  'tls-failed',
  'timeout',
  'connection-lost',
  /** The server spoke something that is not SMTP: garbage, a code outside 2xx–5xx, a giant line. */
  'protocol-error',
  'deferred',
  'rejected',
  'accepted',
  /** The connection died after the final dot, before the reply: the server may have the message. */
  'uncertain',
  'quit-after',
  'cancelled',
  /** Another address of the walk greeted first; closed before any envelope (staggered connect). */
  'abandoned',
]);
export type AttemptOutcome = z.infer<typeof AttemptOutcome>;

export const Reply = z.object({
  code: z.number().int().min(200).max(599),
  /** RFC 3463 enhanced status code, e.g. "5.1.1", when the server sent one. */
  enhanced: z.string().nullable(),
  /** All lines' text joined with "\n", enhanced codes included as sent. */
  text: z.string(),
});
export type Reply = z.infer<typeof Reply>;

export const TranscriptLine = z.object({
  t: z.iso.datetime(),
  attempt: z.number().int().min(1),
  dir: z.enum(['out', 'in', 'note']),
  tls: z.boolean(),
  phase: Phase,
  text: z.string(),
  /** For the DATA body line: the size of what was sent (the text is a summary). */
  bytes: z.number().int().optional(),
});
export type TranscriptLine = z.infer<typeof TranscriptLine>;

export const RecipientStatus = z.enum(['delivered', 'bounced', 'deferred']);
export type RecipientStatus = z.infer<typeof RecipientStatus>;

export const RecipientResult = z.object({
  address: z.string(),
  status: RecipientStatus,
  /** The reply that decided the status (the final dot's, the RCPT's, MAIL's…), if any. */
  reply: Reply.nullable(),
  /** What the server said to this RCPT TO, when it got that far. */
  rcptReply: Reply.nullable(),
  /** Why, when no reply says it (MXray refused locally, or the connection failed). */
  reason: z.string().optional(),
  /** Set when the connection died after the final dot: retrying may deliver twice. */
  possiblyDelivered: z.boolean().optional(),
  /** For a deferred recipient: when the next attempt is due (ISO time). */
  nextAttemptAt: z.iso.datetime().optional(),
  /**
   * What the deciding reply means at its provider (shared/reply-explanations.ts): whose rule,
   * what it means, what to do, where it is documented. Absent for a reply no rule knows.
   */
  explanation: ReplyExplanation.optional(),
});
export type RecipientResult = z.infer<typeof RecipientResult>;

/** Digests of one certificate of the presented chain, for DANE (RFC 6698 matching types 1 and 2). */
export const CertDigests = z.object({
  subject: z.string(),
  sha256: z.string(),
  sha512: z.string(),
  /** Of the SubjectPublicKeyInfo (selector 1). */
  spkiSha256: z.string(),
  spkiSha512: z.string(),
});
export type CertDigests = z.infer<typeof CertDigests>;

export const TlsDetails = z.object({
  protocol: z.string().nullable(),
  cipher: z.string().nullable(),
  /** Does the certificate chain verify and match the host name we asked for? */
  verified: z.boolean(),
  verifyError: z.string().nullable(),
  servername: z.string().nullable(),
  certificate: z
    .object({
      subject: z.string(),
      subjectAltNames: z.array(z.string()),
      issuer: z.string(),
      validFrom: z.string(),
      validTo: z.string(),
      fingerprint256: z.string(),
    })
    .nullable(),
  /** The chain as presented, leaf first (absent in records from before it was kept). */
  chain: z.array(CertDigests).optional(),
});
export type TlsDetails = z.infer<typeof TlsDetails>;

export const PhaseTiming = z.object({
  phase: Phase,
  startedAt: z.iso.datetime(),
  durationMs: z.number(),
  reply: Reply.nullable(),
});
export type PhaseTiming = z.infer<typeof PhaseTiming>;
