import { randomBytes } from 'node:crypto';
import type { MxRoute } from '../../shared/mx';
import type { TlsPolicy } from '../../shared/settings';
import type { Reply } from '../../shared/smtp';
import type { ProbeSession } from '../../shared/verify';
import { targetsOf } from '../dns/mx-targets';
import { type Feedback, feedbackOf } from '../queue/destination-window';
import { ConnectionAttempt } from '../smtp/connection-attempt';
import { replyLine } from '../smtp/phase-state';
import { DEFAULT_STAGGER, raceAddresses, type Stagger } from '../smtp/race-addresses';
import type { SessionResult } from '../smtp/session-types';
import type { Timeouts } from '../smtp/timeouts';
import { tryNextAddress } from '../smtp/trouble';

export interface ProbeOptions {
  probeFrom: string;
  helo: string;
  tls: TlsPolicy;
  port: number;
  timeouts?: Partial<Timeouts>;
  /** How the MX walk overlaps addresses that keep it waiting; absent: the default 2 s. */
  stagger?: Stagger;
  /** RCPT TO per transaction until a server says fewer (RFC 5321 §4.5.3.1.8: at least 100). */
  batchSize: number;
  /**
   * What the domain's servers said they take, shared by every session to the domain: a 452
   * "too many recipients" seen by one session makes the next ones ask fewer at once.
   */
  learnt?: { batchSize: number };
  /** Add a random local part to the first session to learn whether the domain is catch-all. */
  catchAll: boolean;
  randomLocal?: () => string;
  paceMs?: number;
  /** Each session, as it ends, with what it says of the domain's capacity (feedbackOf). */
  onSession?: (session: ProbeSession, feedback: Feedback) => void;
  nextSession: () => number;
  /** Asked before each session after the first: true stops (cancel). */
  shouldStop?: () => boolean;
}

/** What one domain's probing learnt: each address's RCPT reply (or why there is none). */
export interface DomainAnswers {
  replies: Map<string, { reply: Reply; mx: string; session: number }>;
  /** Addresses no RCPT reply speaks for, with why (MAIL FROM refused, SMTPUTF8 missing…). */
  unanswered: Map<string, string>;
  catchAll: boolean | null;
  /** For addresses no server answered: why. */
  failure: string | null;
}

const randomLocal = () => `mxray-probe-${randomBytes(6).toString('hex')}`;
/** Sessions in a row that answer no new address before the rest is given up. */
const MAX_IDLE_SESSIONS = 2;
/** A hard stop, whatever the server does. */
const MAX_SESSIONS = 1000;

const nonAscii = (address: string) => /[^\x20-\x7e]/.test(address);

/**
 * Transactions of at most `size`. Addresses that need SMTPUTF8 go in transactions of their own:
 * one of them would make a server without SMTPUTF8 refuse the whole transaction.
 */
function batches(items: string[], size: number): string[][] {
  const out: string[][] = [];
  for (const group of [items.filter((a) => !nonAscii(a)), items.filter(nonAscii)])
    for (let i = 0; i < group.length; i += size) out.push(group.slice(i, i + size));
  return out;
}

/**
 * Probe addresses of one domain the way an MTA would deliver, but stop before DATA: one session
 * to the first MX that answers (failing over as delivery does), all given addresses in it, several
 * RCPT per transaction with RSET between; when the server says "too many recipients" the rest
 * go again in smaller transactions. Never sends DATA.
 */
export async function probeDomain(
  route: MxRoute,
  addresses: string[],
  options: ProbeOptions,
): Promise<DomainAnswers> {
  const answers: DomainAnswers = {
    replies: new Map(),
    unanswered: new Map(),
    catchAll: null,
    failure: null,
  };
  const targets = targetsOf(route, options.port);
  let pending = addresses;
  let size = Math.min(options.batchSize, options.learnt?.batchSize ?? options.batchSize);
  let probe: string | null = options.catchAll
    ? `${(options.randomLocal ?? randomLocal)()}@${route.domain}`
    : null;
  let idle = 0;
  for (let round = 0; pending.length && round < MAX_SESSIONS && idle < MAX_IDLE_SESSIONS; round++) {
    if (round > 0 && options.shouldStop?.()) {
      answers.failure = 'the run was stopped before every address was asked';
      return answers;
    }
    if (round > 0 && options.paceMs) await new Promise((r) => setTimeout(r, options.paceMs));
    if (options.learnt) size = Math.min(size, options.learnt.batchSize);
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
    // An address that answered RCPT has spoken for the domain; otherwise trouble.ts decides.
    const goesOn = (result: SessionResult) =>
      !result.recipients.some((r) => r.rcptReply) && tryNextAddress(result, 1);
    const last = await raceAddresses(
      targets,
      (t, following, atGreeting) => {
        const n = options.nextSession();
        const attempt = new ConnectionAttempt({
          host: t.ip,
          servername: t.host,
          port: t.port,
          plan,
          timeouts: options.timeouts,
          attempt: n,
          atGreeting,
        });
        const done = attempt.run().then((result) => {
          options.onSession?.(
            {
              n,
              domain: route.domain,
              host: t.host,
              ip: t.ip,
              port: t.port,
              outcome: result.outcome,
              reason: result.reason,
              transcript: result.transcript,
            },
            // Only the walk's last session speaks for the domain's capacity: a dead MX 10 that
            // MX 20 stands in for, or one closed because another greeted first, says nothing
            // of how many sessions the domain takes.
            (goesOn(result) && following) || result.outcome === 'abandoned'
              ? 'none'
              : feedbackOf(result),
          );
          return { result, n };
        });
        return { done, abandon: (reason) => attempt.abandon(reason) };
      },
      ({ result }) => goesOn(result),
      options.stagger ?? DEFAULT_STAGGER,
    );
    const n = last?.result.n ?? 0;
    const result = last?.result.result;
    const target = last?.target;
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
          (r.rcptReply?.code === 452 || r.rcptReply?.code === 552) &&
          /too many|[45]\.5\.3/i.test(`${r.rcptReply.enhanced} ${r.rcptReply.text}`),
      );
      // Servers count the recipients they accepted (RFC 5321 §4.5.3.1.8): so do we.
      const accepted = tx.recipients
        .slice(0, Math.max(0, firstFull))
        .filter((r) => (r.rcptReply?.code ?? 500) < 300).length;
      if (firstFull >= 0) {
        size = Math.min(size, Math.max(1, accepted));
        if (options.learnt) options.learnt.batchSize = Math.min(options.learnt.batchSize, size);
      }
      // A refused MAIL FROM says nothing of the mailboxes: the RCPT replies after it are the
      // server's "need MAIL first", not verdicts.
      if (tx.refusedAt === 'mail') {
        const said = tx.reply ? replyLine(tx.reply) : 'no reply';
        for (const r of tx.recipients)
          if (r.address !== probe)
            answers.unanswered.set(r.address, `the server refused the probe's sender: ${said}`);
        continue;
      }
      // MXray itself refused before asking (SMTPUTF8 the server lacks): final for this server.
      if (tx.refusedAt === 'local') {
        for (const r of tx.recipients)
          if (r.address !== probe) answers.unanswered.set(r.address, tx.reason);
        continue;
      }
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
    idle = next.length < pending.length ? 0 : idle + 1;
    pending = next;
  }
  if (pending.length)
    answers.failure = 'the server stopped answering before every address was asked';
  return answers;
}
