import type { SpamVerdict } from '../../shared/spam';
import { parseSpamdAddress } from '../../shared/spamd-address';
import { type SpamdOptions, spamdCheck } from './spamd';

export type SpamCheck = (raw: Buffer) => Promise<SpamVerdict>;

/**
 * The one place the message report meets the spamd client (spamd.ts): Settings' "host:port"
 * (or --spamd) as the report's `spam` function; undefined when none is configured, which the
 * report says as "not configured". A malformed address is an error verdict saying why.
 */
export function spamFromSettings(spamd: string, options?: SpamdOptions): SpamCheck | undefined {
  if (!spamd.trim()) return undefined;
  const target = parseSpamdAddress(spamd);
  if ('error' in target)
    return async () => ({ status: 'error', server: spamd.trim(), error: target.error });
  return (raw) => spamdCheck(raw, target, options);
}
