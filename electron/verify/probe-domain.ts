import { randomBytes } from 'node:crypto';
import type { MxRoute } from '../../shared/mx';
import type { TlsPolicy } from '../../shared/settings';
import type { Reply } from '../../shared/smtp';
import type { ProbeSession } from '../../shared/verify';
import { tryNextAddress } from '../delivery/trouble';
import { ConnectionAttempt } from '../smtp/connection-attempt';
import type { SessionResult } from '../smtp/session-types';
import type { Timeouts } from '../smtp/timeouts';

export interface ProbeOptions {
  probeFrom: string;
  helo: string;
  tls: TlsPolicy;
  port: number;
  timeouts?: Partial<Timeouts>;
  /** RCPT TO per transaction until a server says fewer (RFC 5321 §4.5.3.1.8: at least 100). */
  batchSize: number;
  /** Add a random local part to the first session to learn whether the domain is catch-all. */
  catchAll: boolean;
  randomLocal?: () => string;
  paceMs?: number;
  onSession?: (session: ProbeSession) => void;
  nextSession: () => number;
}

/** What one domain's probing learnt: each address's RCPT reply (or why there is none). */
export interface DomainAnswers {
  replies: Map<string, { reply: Reply; mx: string; session: number }>;
  catchAll: boolean | null;
  /** For addresses no server answered: why. */
  failure: string | null;
}

const randomLocal = () => `mxray-probe-${randomBytes(6).toString('hex')}`;
const MAX_SESSIONS = 8;

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Probe one domain's addresses the way an MTA would deliver, but stop before DATA: one session
 * to the first MX that answers (failing over as delivery does), all addresses in it, several
 * RCPT per transaction with RSET between; when the server says "too many recipients" the rest
 * go again in smaller transactions. Never sends DATA.
 */
export async function probeDomain(
  route: MxRoute,
  addresses: string[],
  options: ProbeOptions,
): Promise<DomainAnswers> {
  const answers: DomainAnswers = { replies: new Map(), catchAll: null, failure: null };
  const targets = route.hosts.flatMap((h) =>
    h.addresses.map((ip) => ({ host: h.host, ip, port: h.port ?? options.port })),
  );
  let pending = addresses;
  let size = options.batchSize;
  let probe: string | null = options.catchAll
    ? `${(options.randomLocal ?? randomLocal)()}@${route.domain}`
    : null;
  for (let round = 0; pending.length && round < MAX_SESSIONS; round++) {
    if (round > 0 && options.paceMs) await new Promise((r) => setTimeout(r, options.paceMs));
    const rcpts = probe ? [probe, ...pending] : pending;
    const plan = {
      heloName: options.helo,
      tls: options.tls,
      tlsVerify: false,
      auth: null,
      transactions: batches(rcpts, size).map((rcptTo) => ({
        mailFrom: options.probeFrom,
        rcptTo,
        message: null,
      })),
      quitAfter: null,
      pipelining: true,
    };
    let result: SessionResult | null = null;
    let n = 0;
    let target = targets[0];
    for (const [i, t] of targets.entries()) {
      n = options.nextSession();
      target = t;
      result = await new ConnectionAttempt({
        host: t.ip,
        servername: t.host,
        port: t.port,
        plan,
        timeouts: options.timeouts,
        attempt: n,
      }).run();
      options.onSession?.({
        n,
        domain: route.domain,
        host: t.host,
        ip: t.ip,
        port: t.port,
        outcome: result.outcome,
        reason: result.reason,
        transcript: result.transcript,
      });
      const answered = result.recipients.some((r) => r.rcptReply);
      if (answered || !tryNextAddress(result, 1) || i === targets.length - 1) break;
    }
    if (!result || !target) {
      answers.failure = route.reason ?? 'no MX host to ask';
      return answers;
    }
    if (!result.recipients.some((r) => r.rcptReply)) {
      answers.failure = `no MX answered RCPT TO: ${result.reason}`;
      return answers;
    }
    const next: string[] = [];
    for (const tx of result.transactions) {
      const firstFull = tx.recipients.findIndex(
        (r) =>
          r.rcptReply?.code === 452 &&
          /too many|4\.5\.3/i.test(`${r.rcptReply.enhanced} ${r.rcptReply.text}`),
      );
      // Servers count the recipients they accepted (RFC 5321 §4.5.3.1.8): so do we.
      const accepted = tx.recipients
        .slice(0, Math.max(0, firstFull))
        .filter((r) => (r.rcptReply?.code ?? 500) < 300).length;
      if (firstFull > 0) size = Math.min(size, Math.max(1, accepted));
      tx.recipients.forEach((r, i) => {
        const tooMany = firstFull >= 0 && i >= firstFull;
        if (r.address === probe) {
          // Only a 2xx or a 5xx answers the question; "try later" leaves it open.
          if (r.rcptReply && !tooMany && (r.rcptReply.code < 300 || r.rcptReply.code >= 500))
            answers.catchAll = r.rcptReply.code < 300;
          return;
        }
        if (!r.rcptReply || tooMany) next.push(r.address);
        else answers.replies.set(r.address, { reply: r.rcptReply, mx: target.host, session: n });
      });
    }
    // The catch-all probe goes once; if it went unanswered the verdicts say so (null).
    if (answers.catchAll !== null || !options.catchAll || round > 0) probe = null;
    pending = next;
    if (size < 1) size = 1;
  }
  if (pending.length)
    answers.failure = 'the server stopped answering before every address was asked';
  return answers;
}
