import type { AttemptRecord } from '../../shared/send';
import type { SessionResult } from '../smtp/session-types';

/** One attempt as CLI.md's `--json` and the contract show it. */
export function attemptRecord(
  n: number,
  where: { domain: string | null; host: string; preference: number | null },
  result: SessionResult,
  reason = result.reason,
): AttemptRecord {
  return {
    n,
    domain: where.domain,
    host: where.host,
    preference: where.preference,
    ip: result.address ?? result.host,
    port: result.port,
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    outcome: result.outcome,
    phase: result.phase,
    reply: result.reply,
    reason,
    tls: result.tls,
    tlsDowngrade: result.tlsDowngrade ?? null,
    timings: result.timings,
  };
}

/**
 * The attempt that decided a walk: its last by number that was not closed because another
 * address greeted first (a raced attempt may start after the winner and end without a word).
 */
export function decidingAttempt(attempts: readonly AttemptRecord[]): AttemptRecord | undefined {
  return attempts.findLast((a) => a.outcome !== 'abandoned');
}
