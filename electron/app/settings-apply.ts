import type { SendRequest } from '../../shared/send';
import type { Settings } from '../../shared/settings';
import type { HistoryLimits } from '../queue/history-pruning';
import type { RetryPolicy } from '../queue/retry-policy';
import type { OutboxLimits } from '../queue/scheduler';
import type { Timeouts } from '../smtp/timeouts';

/** Settings → the outbox's retry policy. */
export function retryPolicyOf(s: Settings): RetryPolicy {
  return {
    firstRetryMs: s.retryFirstSeconds * 1000,
    maxBackoffMs: s.retryMaxBackoffSeconds * 1000,
    lifetimeMs: s.queueLifetimeHours * 3600_000,
    maxAttempts: s.maxAttempts,
  };
}

/** Settings → how many sessions run at once. */
export function limitsOf(s: Settings): OutboxLimits {
  return {
    global: s.concurrency,
    perDomain: {
      initial: s.perDomainConcurrency,
      max: Math.max(s.perDomainConcurrency, s.perDomainConcurrencyMax),
    },
  };
}

/** Settings → how much finished mail the outbox keeps. */
export function historyLimitsOf(s: Settings): HistoryLimits {
  return {
    maxAgeMs: s.historyKeepDays === null ? null : s.historyKeepDays * 86_400_000,
    maxDeliveries: s.historyKeepDeliveries,
    maxBytes: s.historyMaxMegabytes === null ? null : s.historyMaxMegabytes * 2 ** 20,
  };
}

/** A verification probe waits for replies as Settings say; without a reply timeout, 30 s (not RFC 5321's minutes: a probe is a question, not a delivery). */
export function probeTimeoutsOf(s: Settings): Partial<Timeouts> {
  const reply = s.commandTimeoutSeconds === null ? 30_000 : s.commandTimeoutSeconds * 1000;
  return {
    connect: s.connectTimeoutSeconds * 1000,
    banner: reply,
    command: reply,
    mail: reply,
    rcpt: reply,
  };
}

/** What a request leaves unsaid comes from Settings: HELO name and timeouts. */
export function withSessionDefaults(request: SendRequest, s: Settings): SendRequest {
  const session = { ...request.session };
  if (session.helo === undefined && s.heloName) session.helo = s.heloName;
  session.connectTimeoutSeconds ??= s.connectTimeoutSeconds;
  session.staggerSeconds ??= s.staggerSeconds;
  if (session.timeoutSeconds === undefined && s.commandTimeoutSeconds !== null)
    session.timeoutSeconds = s.commandTimeoutSeconds;
  return { ...request, session };
}
