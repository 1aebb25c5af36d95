import { z } from 'zod';

/** Where a SpamAssassin spamd listens (Settings → Spam filter, CLI `--spamd host:port`). */
export const SpamdTarget = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
});
export type SpamdTarget = z.infer<typeof SpamdTarget>;

/** One rule that hit, as spamd's REPORT lists it. */
export const SpamRule = z.object({
  /** e.g. "GTUBE", "MISSING_DATE". */
  name: z.string(),
  /** Points this rule added (may be negative). */
  score: z.number(),
  description: z.string(),
});
export type SpamRule = z.infer<typeof SpamRule>;

/**
 * What a real spamd said about a message, or why it could not say. `server` is always
 * "host:port", so every verdict names who gave it. Never a guess when spamd is absent.
 */
export const SpamVerdict = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('scored'),
    server: z.string(),
    score: z.number(),
    threshold: z.number(),
    isSpam: z.boolean(),
    rules: z.array(SpamRule),
  }),
  z.object({ status: z.literal('not-configured') }),
  z.object({ status: z.literal('error'), server: z.string(), error: z.string() }),
]);
export type SpamVerdict = z.infer<typeof SpamVerdict>;
