import type { MxRoute } from '../../shared/mx';
import type { TlsPolicy } from '../../shared/settings';
import type { ProbeSession, VerifyResult } from '../../shared/verify';
import { SMTP_PORT } from '../dns/mx-targets';
import type { ResolveRoute } from '../dns/routing';
import { delayHintMs } from '../queue/retry-policy';
import { isoNow } from '../smtp/clock';
import type { Timeouts } from '../smtp/timeouts';
import { checkAddress, isRoleAccount } from './address-syntax';
import { type DomainAnswers, probeDomain } from './probe-domain';
import { judgeRcpt } from './verdict';

export interface VerifyOptions {
  resolve: ResolveRoute;
  /** MAIL FROM of the probe (Reacher uses one of its own; ours is configurable). */
  probeFrom: string;
  helo: string;
  tls?: TlsPolicy;
  port?: number;
  timeouts?: Partial<Timeouts>;
  batchSize?: number;
  /** Domains probed at once (each gets one session at a time: manners). */
  concurrency?: number;
  /** One session per address and no catch-all check: how simple verifiers work (bench). */
  sessionPerAddress?: boolean;
  catchAll?: boolean;
  /** Pause between two sessions to the same domain (manners towards small servers). */
  paceMs?: number;
  randomLocal?: () => string;
  onSession?: (session: ProbeSession) => void;
  onResult?: (result: VerifyResult) => void;
  /** Asked before each domain and each session: true stops the run (cancel). */
  shouldStop?: () => boolean;
}

export const DEFAULT_BATCH = 100;
export const DEFAULT_DOMAIN_CONCURRENCY = 10;

const result = (
  address: string,
  verdict: VerifyResult['verdict'],
  reason: string,
  extra: Partial<VerifyResult> = {},
): VerifyResult => ({
  address,
  verdict,
  reason,
  catchAll: null,
  reply: null,
  mx: null,
  role: false,
  nextAttemptAt: null,
  session: null,
  ...extra,
});

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

/**
 * Does each address exist? Syntax first, then the domain's MX (the delivery planner's route),
 * then an RCPT probe per domain that never sends DATA. Results come in input order.
 */
export async function verifyAddresses(
  inputs: string[],
  options: VerifyOptions,
): Promise<{ results: VerifyResult[]; sessions: ProbeSession[] }> {
  const sessions: ProbeSession[] = [];
  let sessionNumber = 0;
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
        done(result(key, 'undeliverable', `not a valid address: ${syntax.reason}`));
      continue;
    }
    normalised.set(input, syntax.address);
    const list = byDomain.get(syntax.domain) ?? [];
    if (!list.some((a) => a.address === syntax.address))
      list.push({ address: syntax.address, role: isRoleAccount(syntax.local) });
    byDomain.set(syntax.domain, list);
  }

  const probeOne = async (domain: string, entries: { address: string; role: boolean }[]) => {
    if (options.shouldStop?.()) return;
    const route = await options.resolve(domain);
    const answer = routeAnswer(route);
    if (answer) {
      for (const e of entries)
        done(result(e.address, answer.verdict, answer.reason, { role: e.role }));
      return;
    }
    const groups = options.sessionPerAddress ? entries.map((e) => [e]) : [entries];
    for (const [i, group] of groups.entries()) {
      if (options.shouldStop?.()) return;
      if (i > 0 && options.paceMs) await new Promise((r) => setTimeout(r, options.paceMs));
      const answers: DomainAnswers = await probeDomain(
        route,
        group.map((e) => e.address),
        {
          probeFrom: options.probeFrom,
          helo: options.helo,
          tls: options.tls ?? 'opportunistic',
          port: options.port ?? SMTP_PORT,
          timeouts: options.timeouts,
          batchSize: options.batchSize ?? DEFAULT_BATCH,
          catchAll: !options.sessionPerAddress && options.catchAll !== false,
          randomLocal: options.randomLocal,
          paceMs: options.paceMs,
          onSession: (s) => {
            sessions.push(s);
            options.onSession?.(s);
          },
          nextSession: () => ++sessionNumber,
        },
      );
      for (const e of group) {
        const got = answers.replies.get(e.address);
        if (!got) {
          const why = answers.unanswered.get(e.address) ?? answers.failure ?? 'no answer';
          done(
            result(e.address, 'unknown', why, {
              role: e.role,
              catchAll: answers.catchAll,
            }),
          );
          continue;
        }
        const judged = judgeRcpt(got.reply, answers.catchAll, e.role);
        const wait =
          judged.retry === 'greylisted' ? (delayHintMs(got.reply.text) ?? 300_000) : null;
        done(
          result(e.address, judged.verdict, judged.reason, {
            catchAll: answers.catchAll,
            reply: got.reply,
            mx: got.mx,
            role: e.role,
            session: got.session,
            nextAttemptAt: wait === null ? null : isoNow(Date.now() + wait),
          }),
        );
      }
    }
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
      result(input.trim(), 'unknown', 'not probed'),
  );
  return {
    results: results.map((r, i) => ({ ...r, address: inputs[i]?.trim() ?? r.address })),
    sessions,
  };
}
