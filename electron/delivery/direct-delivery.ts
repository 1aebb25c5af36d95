import type { MxRoute } from '../../shared/mx';
import type { AttemptRecord, SendReport } from '../../shared/send';
import type { PhaseTiming, RecipientResult, TranscriptLine } from '../../shared/smtp';
import { lookupNote } from '../dns/lookup-note';
import { domainOfAddress } from '../dns/mx-route';
import { targetsOf } from '../dns/mx-targets';
import type { ResolveRoute } from '../dns/routing';
import { isoNow } from '../smtp/clock';
import { ConnectionAttempt } from '../smtp/connection-attempt';
import { raceAddresses } from '../smtp/race-addresses';
import type { SessionInfo, SessionResult } from '../smtp/session-types';
import {
  attemptSummary,
  BLOCKED_PORT_HINT,
  downgradeWarning,
  looksLikeBlockedPort,
  tryNextAddress,
} from '../smtp/trouble';
import { attemptRecord } from './attempt-record';
import { type MxJob, planFor } from './delivery-job';
import type { DeliveryEvent, RunningSend } from './running-send';

export interface DirectOptions {
  onEvent?: (event: DeliveryEvent) => void;
  /**
   * Resolves once the verdicts of 'settled' events emitted so far are stored (the outbox's
   * fsync), rejects if the disk refused them: awaited before another MX is dialled, so what
   * one host accepted is on disk first.
   */
  settledStored?: () => Promise<void>;
}

/** What a route that cannot be tried means for its recipients, with RFC 3463 codes. */
function routeVerdict(route: MxRoute): { status: 'bounced' | 'deferred'; reason: string } | null {
  switch (route.kind) {
    case 'null':
      return { status: 'bounced', reason: `5.1.10 ${route.reason}` };
    case 'nxdomain':
      return { status: 'bounced', reason: `5.1.2 ${route.reason}` };
    case 'no-address':
      return route.hosts.length
        ? { status: 'deferred', reason: `4.4.4 ${route.reason}` }
        : { status: 'bounced', reason: `5.1.2 ${route.reason}` };
    case 'temp-fail':
      return { status: 'deferred', reason: `4.4.3 ${route.reason}` };
    default:
      return null;
  }
}

/**
 * Direct MX delivery: recipients grouped by domain; for each domain its route, then each
 * address in order (Postfix's smtp_connect), with only the recipients still pending, until
 * none is left or trouble.ts says stop; an address that keeps the walk waiting has the next
 * raced beside it (race-addresses.ts). Every attempt is recorded with a one-line reason.
 */
export function deliverDirect(
  job: MxJob,
  resolve: ResolveRoute,
  options: DirectOptions = {},
): RunningSend {
  /** Every connection of the walk still open: more than one while a stagger races them. */
  const running = new Set<ConnectionAttempt>();
  let started = 0;
  let cancelled = false;
  const emit = (event: DeliveryEvent) => options.onEvent?.(event);

  const byDomain = new Map<string, string[]>();
  for (const address of job.recipients) {
    const domain = domainOfAddress(address);
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), address]);
  }

  const run = async (): Promise<SendReport> => {
    const final = new Map<string, RecipientResult>();
    const attempts: AttemptRecord[] = [];
    const results: SessionResult[] = [];
    const transcript: TranscriptLine[] = [];
    const warnings: string[] = [];

    for (const [domain, recipients] of byDomain) {
      const asked = Date.now();
      const route = await resolve(domain);
      emit({ type: 'route', route });
      // DNS first on the wire view: a note line, and the first segment of the first attempt.
      let lookup: PhaseTiming | null = {
        phase: 'dns',
        startedAt: isoNow(asked),
        durationMs: Date.now() - asked,
        reply: null,
      };
      const note: TranscriptLine = {
        t: isoNow(),
        attempt: job.firstAttempt + started,
        dir: 'note',
        tls: false,
        phase: 'dns',
        text: lookupNote(route, lookup.durationMs),
      };
      emit({ type: 'transcript', line: note });
      emit({ type: 'timing', timing: lookup, attempt: job.firstAttempt + started });
      transcript.push(note);
      warnings.push(...route.warnings);
      const verdict = routeVerdict(route);
      if (verdict) {
        for (const address of recipients) {
          final.set(address, {
            address,
            status: verdict.status,
            reply: null,
            rcptReply: null,
            reason: verdict.reason,
          });
        }
        continue;
      }
      const targets = targetsOf(route, job.route.port);
      if (cancelled) continue;
      const firstOfWalk = job.firstAttempt + started;
      let pending = recipients;
      let canGoOn = true;
      await raceAddresses(
        targets,
        (target, following, atGreeting) => {
          const n = job.firstAttempt + started++;
          const attempt = new ConnectionAttempt({
            host: target.ip,
            servername: target.host,
            port: target.port,
            plan: planFor(job, pending),
            timeouts: job.timeouts,
            attempt: n,
            onEvent: emit,
            atGreeting,
          });
          running.add(attempt);
          const done = attempt.run().then(async (result) => {
            running.delete(attempt);
            results.push(result);
            transcript.push(...result.transcript);
            // Closed before its envelope: it decided nothing for any recipient.
            const lost = result.outcome === 'abandoned';
            const downgrade = downgradeWarning(result, `${target.host} (${target.ip})`);
            if (downgrade) warnings.push(downgrade);
            if (!lost) {
              for (const r of result.recipients) final.set(r.address, r);
              pending = result.recipients
                .filter((r) => r.status === 'deferred')
                .map((r) => r.address);
            }
            // What this host accepted is on disk before another is dialled; if the disk
            // refused it, no other MX now: the recipients left stay deferred for later.
            const goesOn = !lost && tryNextAddress(result, pending.length);
            const stored =
              !goesOn || !following || cancelled
                ? true
                : await (options.settledStored?.() ?? Promise.resolve()).then(
                    () => true,
                    () => false,
                  );
            const then = !stored
              ? ' — its verdicts could not be stored, so no other MX now'
              : goesOn && following
                ? ` — trying MX ${following.preference ?? '(implicit)'} (${following.host}, ${following.ip})`
                : goesOn
                  ? ' — no more MX to try'
                  : '';
            canGoOn = stored;
            const made = attemptRecord(
              n,
              { domain, host: target.host, preference: target.preference },
              result,
              `${attemptSummary(result)}${then}`,
            );
            // The walk's first attempt began with the lookup.
            const record =
              lookup && n === firstOfWalk
                ? { ...made, startedAt: lookup.startedAt, timings: [lookup, ...made.timings] }
                : made;
            if (n === firstOfWalk) lookup = null;
            attempts.push(record);
            attempts.sort((a, b) => a.n - b.n);
            emit({ type: 'attempt', attempt: record });
            return result;
          });
          return { done, abandon: (reason) => attempt.abandon(reason) };
        },
        (result) => canGoOn && !cancelled && tryNextAddress(result, pending.length),
        job.stagger,
      );
    }
    if (looksLikeBlockedPort(results)) warnings.push(BLOCKED_PORT_HINT);
    return {
      messageId: job.messageId,
      warnings,
      recipients: job.recipients.map(
        (address) =>
          final.get(address) ?? {
            address,
            status: 'deferred',
            reply: null,
            rcptReply: null,
            reason: 'Cancelled before any attempt.',
          },
      ),
      attempts,
      transcript,
    };
  };

  return {
    messageId: job.messageId,
    message: job.bytes,
    cancel() {
      cancelled = true;
      for (const attempt of running) attempt.cancel();
    },
    // The connection that got furthest: the winner of a race, once there is one.
    info: (): SessionInfo | null => {
      const all = [...running].map((a) => a.info());
      return all.find((i) => i.phase !== 'connect' && i.phase !== 'banner') ?? all[0] ?? null;
    },
    done: run(),
  };
}
