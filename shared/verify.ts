import { z } from 'zod';
import { ReplyExplanation } from './reply-explanations';
import { AttemptOutcome, Reply, TranscriptLine } from './smtp';

export const Verdict = z.enum(['deliverable', 'undeliverable', 'risky', 'unknown']);
export type Verdict = z.infer<typeof Verdict>;

/** One address's answer (CLI.md `verify --json`, plus what the UI shows). */
export const VerifyResult = z.object({
  address: z.string(),
  verdict: Verdict,
  reason: z.string(),
  /** Did the domain accept a random local part in the same session? null: not learnt. */
  catchAll: z.boolean().nullable(),
  reply: Reply.nullable(),
  /** The MX host that answered, if any did. */
  mx: z.string().nullable(),
  role: z.boolean(),
  /** When a greylisted probe may be asked again (ISO time). */
  nextAttemptAt: z.iso.datetime().nullable(),
  /** Which session (of this run's transcripts) asked; null when none was needed. */
  session: z.number().int().nullable(),
  /**
   * Why the address was never asked: not a valid address, or refused now (Sandbox mode and a
   * real domain). Null when it was asked, or when its domain's route answered for it.
   */
  notProbed: z.enum(['invalid', 'refused']).nullable(),
  /**
   * What the deciding reply means at its provider (shared/reply-explanations.ts): whose rule,
   * what it means, what to do, where it is documented. Absent for a reply no rule knows.
   */
  explanation: ReplyExplanation.optional(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;

/** The transcript of one probe session: a domain's MX, one or several batches of RCPT. */
export const ProbeSession = z.object({
  n: z.number().int(),
  domain: z.string(),
  host: z.string(),
  ip: z.string(),
  port: z.number(),
  outcome: AttemptOutcome,
  reason: z.string(),
  transcript: z.array(TranscriptLine),
});
export type ProbeSession = z.infer<typeof ProbeSession>;

/** A verification run started from the UI (single or bulk). */
export const VerifyStart = z
  .object({
    // No length per address: an overlong one is answered on its row, not by refusing the run.
    addresses: z
      .array(z.string())
      .min(1, 'Give at least one address')
      .max(100_000, 'At most 100,000 addresses in one run'),
    probeFrom: z.string().max(320).default(''),
    /** Probe greylisted addresses again when the server says (the outbox's countdown). */
    retryGreylisted: z.boolean().default(true),
  })
  .strict();
export type VerifyStart = z.infer<typeof VerifyStart>;

export const VerifyRun = z.object({
  id: z.string(),
  startedAt: z.iso.datetime(),
  total: z.number().int(),
  /** Each address once, in the order given (as results name them): the rows' order. */
  addresses: z.array(z.string()),
  done: z.boolean(),
  results: z.array(VerifyResult),
  sessions: z.array(ProbeSession.omit({ transcript: true })),
});
export type VerifyRun = z.infer<typeof VerifyRun>;
