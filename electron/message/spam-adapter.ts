import type { SpamVerdict } from '../../shared/spam';
import { parseSpamdAddress } from '../../shared/spamd-address';

export type SpamCheck = (raw: Buffer) => Promise<SpamVerdict>;

/**
 * The one place the message report meets the spamd client (electron/message/spamd.ts, built
 * beside this branch): Settings' "host:port" (or --spamd) as the report's `spam` function;
 * undefined when none is configured, which the report says as "not configured".
 * TODO(merge): return (raw) => spamdCheck(raw, target) once spamd.ts is on this branch.
 */
export function spamFromSettings(spamd: string): SpamCheck | undefined {
  if (!spamd.trim()) return undefined;
  const target = parseSpamdAddress(spamd);
  if ('error' in target)
    return async () => ({ status: 'error', server: spamd.trim(), error: target.error });
  const server = target.host.includes(':')
    ? `[${target.host}]:${target.port}`
    : `${target.host}:${target.port}`;
  return async () => ({ status: 'error', server, error: 'spamd client not built yet' });
}
