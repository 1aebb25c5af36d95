import type { MxRoute } from '../../shared/mx';
import type { TlsPolicy } from '../../shared/settings';
import type { ProbeSession, VerifyResult } from '../../shared/verify';
import { SMTP_PORT } from '../dns/mx-targets';
import type { ResolveRoute } from '../dns/routing';
import { DEFAULT_WINDOW, DestinationWindows, type WindowLimits } from '../queue/destination-window';
import { delayHintMs } from '../queue/retry-policy';
import { isoNow } from '../smtp/clock';
import type { Stagger } from '../smtp/race-addresses';
import type { Timeouts } from '../smtp/timeouts';
import { checkAddress, isRoleAccount } from './address-syntax';
import { probeInWindow } from './domain-sessions';
import type { DomainAnswers } from './probe-domain';
import { judgeRcpt } from './verdict';
import { verifyResult } from './verify-result';

export interface VerifyOptions {
  resolve: ResolveRoute;
  /** MAIL FROM of the probe (Reacher uses one of its own; ours is configurable). */
  probeFrom: string;
  helo: string;
  tls?: TlsPolicy;
  port?: number;
  timeouts?: Partial<Timeouts>;
  /** How each domain's MX walk overlaps addresses that keep it waiting; absent: 2 s. */
  stagger?: Stagger;
  batchSize?: number;
  /** Domains probed at once. */
  concurrency?: number;
  /**
   * Sessions at once to one domain: the window starts at `initial`, grows by one per session
   * that went well, halves on a 421, a refused connection or "too many connections", and never
   * exceeds `max` (the outbox's destination windows). Default { initial: 2, max: 10 }; a max of
   * 1 asks a domain's addresses in one session, as before windows.
   */
  perDomain?: WindowLimits;
  /** One session per address and no catch-all check: how simple verifiers work (bench). */
  sessionPerAddress?: boolean;
  catchAll?: boolean;
  /** Least time between the starts of two sessions to the same domain (manners towards small servers). */
  paceMs?: number;
  randomLocal?: () => string;
  onSession?: (session: ProbeSession) => void;
  onResult?: (result: VerifyResult) => void;
  /** Told once, before any probe: how many results onResult will report (one per distinct address). */
  onPlanned?: (results: number) => void;
  /** Asked before each domain and each session: true stops the run (cancel). */
  shouldStop?: () => boolean;
}

export const DEFAULT_BATCH = 100;
export const DEFAULT_DOMAIN_CONCURRENCY = 10;

/** A route that cannot be probed answers for all its addresses. */
function routeAnswer(route: MxRoute): { verdict: VerifyResult['verdict']; reason: string } | null {
  if (route.kind === 'null')
    return { verdict: 'undeliverable', reason: route.reason ?? 'the domain publishes a null MX' };
  if (route.kind === 'nxdomain')
    return { verdict: 'undeliverable', reason: route.reason ?? 'the domain does not exist' };
  if (route.kind === 'no-address')
    return {
      verdict: route.hosts.length ? 'unknown' : 'undeliverable',
      reason: route.reason ?? 'no MX host has an address',
    };
  if (route.kind === 'temp-fail')
    return { verdict: 'unknown', reason: route.reason ?? 'DNS failed; try again later' };
  return null;
}

/** One address's verdict from what its domain's sessions learnt. */
function judged(
  address: string,
  role: boolean,
  answers: DomainAnswers,
  catchAll: boolean | null,
): VerifyResult {
  const got = answers.replies.get(address);
  if (!got) {
    const why = answers.unanswered.get(address) ?? answers.failure ?? 'no answer';
    return verifyResult(address, 'unknown', why, { role, catchAll });
  }
  const verdict = judgeRcpt(got.reply, catchAll, role);
  const wait = verdict.retry === 'greylisted' ? (delayHintMs(got.reply.text) ?? 300_000) : null;
  return verifyResult(address, verdict.verdict, verdict.reason, {
    catchAll,
    reply: got.reply,
    mx: got.mx,
    role,
    session: got.session,
    nextAttemptAt: wait === null ? null : isoNow(Date.now() + wait),
    ...(verdict.explanation ? { explanation: verdict.explanation } : {}),
  });
}

/**
 * Does each address exist? Syntax first, then the domain's MX (the delivery planner's route),
 * then RCPT probes that never send DATA: per domain, up to its window of sessions at once
 * (domain-sessions.ts), a random address once to spot catch-all. Results come in input order.
 */
export async function verifyAddresses(
  inputs: string[],
  options: VerifyOptions,
): Promise<{ results: VerifyResult[]; sessions: ProbeSession[] }> {
  const sessions: ProbeSession[] = [];
  let sessionNumber = 0;
  const limits = options.perDomain ?? DEFAULT_WINDOW;
  const windows = new DestinationWindows(limits);
  const byAddress = new Map<string, VerifyResult>();
  const byDomain = new Map<string, { address: string; role: boolean }[]>();
  const done = (r: VerifyResult) => {
    byAddress.set(r.address, r);
    options.onResult?.(r);
  };
  const normalised = new Map<string, string>();
  for (const input of inputs) {
    const syntax = checkAddress(input);
    if (!syntax.ok) {
      const key = input.trim();
      if (!byAddress.has(key))
        done(
          verifyResult(key, 'undeliverable', `not a valid address: ${syntax.reason}`, {
            notProbed: 'invalid',
          }),
        );
      continue;
    }
    normalised.set(input, syntax.address);
    const list = byDomain.get(syntax.domain) ?? [];
    if (!list.some((a) => a.address === syntax.address))
      list.push({ address: syntax.address, role: isRoleAccount(syntax.local) });
    byDomain.set(syntax.domain, list);
  }

  options.onPlanned?.(byAddress.size + [...byDomain.values()].reduce((n, l) => n + l.length, 0));

  const probeOne = async (domain: string, entries: { address: string; role: boolean }[]) => {
    if (options.shouldStop?.()) return;
    const route = await options.resolve(domain);
    const answer = routeAnswer(route);
    if (answer) {
      for (const e of entries)
        done(verifyResult(e.address, answer.verdict, answer.reason, { role: e.role }));
      return;
    }
    const role = new Map(entries.map((e) => [e.address, e.role]));
    await probeInWindow(
      route,
      entries.map((e) => e.address),
      {
        windows,
        max: limits.max,
        perAddress: options.sessionPerAddress,
        paceMs: options.paceMs,
        shouldStop: options.shouldStop,
        session: {
          probeFrom: options.probeFrom,
          helo: options.helo,
          tls: options.tls ?? 'opportunistic',
          port: options.port ?? SMTP_PORT,
          timeouts: options.timeouts,
          stagger: options.stagger,
          batchSize: options.batchSize ?? DEFAULT_BATCH,
          catchAll: !options.sessionPerAddress && options.catchAll !== false,
          randomLocal: options.randomLocal,
          paceMs: options.paceMs,
          nextSession: () => ++sessionNumber,
        },
        onSession: (s) => {
          sessions.push(s);
          options.onSession?.(s);
        },
        onAnswers: (addresses, answers, catchAll) => {
          for (const address of addresses)
            done(judged(address, role.get(address) ?? false, answers, catchAll));
        },
      },
    );
  };

  const queue = [...byDomain.entries()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await probeOne(...next);
  };
  await Promise.all(
    Array.from(
      { length: Math.min(options.concurrency ?? DEFAULT_DOMAIN_CONCURRENCY, queue.length) },
      worker,
    ),
  );
  const results = inputs.map(
    (input) =>
      byAddress.get(normalised.get(input) ?? input.trim()) ??
      verifyResult(input.trim(), 'unknown', 'not probed'),
  );
  return {
    results: results.map((r, i) => ({ ...r, address: inputs[i]?.trim() ?? r.address })),
    sessions,
  };
}
