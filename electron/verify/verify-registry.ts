import { randomUUID } from 'node:crypto';
import type { ProbeSession, VerifyResult, VerifyRun, VerifyStart } from '../../shared/verify';
import type { ResolveRoute } from '../dns/routing';
import type { WindowLimits } from '../queue/destination-window';
import type { EventHub } from '../rpc/event-hub';
import { UserError } from '../rpc/user-error';
import type { Stagger } from '../smtp/race-addresses';
import type { Timeouts } from '../smtp/timeouts';
import { checkAddress } from './address-syntax';
import { splitBatch } from './split-batch';
import { verifyAddresses } from './verifier';

/** Runs kept for verify.get and their transcripts; older ones are forgotten first. */
export const RECENT_RUNS = 20;
/** Greylisted addresses are asked again at most this many times. */
const GREYLIST_ROUNDS = 3;
const MAX_WAIT_MS = 30 * 60_000;

export interface VerifyContext {
  resolve: ResolveRoute;
  helo: string;
  timeouts?: Partial<Timeouts>;
  stagger?: Stagger;
  /** Sessions at once to one domain (Settings' perDomainConcurrency…Max, as the outbox has). */
  perDomain?: WindowLimits;
  /** Why this address may not be probed now (Sandbox mode and a real domain), or null. */
  refuse(domain: string): string | null;
}

interface Run {
  id: string;
  startedAt: string;
  /** Each address once, in the order given. */
  keys: string[];
  results: Map<string, VerifyResult>;
  sessions: ProbeSession[];
  done: boolean;
  cancelled: boolean;
  timer: NodeJS.Timeout | null;
}

/** Verification runs started from the UI: results stream as events, greylisted ones are asked again. */
export class VerifyRegistry {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly hub: EventHub,
    private readonly context: () => VerifyContext,
  ) {}

  start(request: VerifyStart): { id: string; total: number } {
    const context = this.context();
    if (request.probeFrom !== '' && !checkAddress(request.probeFrom).ok)
      throw new UserError(
        'bad-input',
        `The probe sender must be an address like probe@example.com, or empty for <>; "${request.probeFrom}" is not.`,
      );
    const batch = splitBatch(request.addresses, context.refuse);
    // Nothing left to ask: refused next to the button, and the results on screen stay.
    if (batch.refusal && !batch.probe.length) throw new UserError('refused', batch.refusal);
    const run: Run = {
      id: randomUUID(),
      startedAt: new Date().toISOString(),
      keys: batch.keys,
      results: new Map(batch.refused.map((r) => [r.address, r])),
      sessions: [],
      done: false,
      cancelled: false,
      timer: null,
    };
    this.runs.set(run.id, run);
    for (const old of this.runs.keys()) {
      if (this.runs.size <= RECENT_RUNS) break;
      this.cancel(old);
      this.runs.delete(old);
    }
    void this.probe(run, batch.probe, request, 0);
    return { id: run.id, total: run.keys.length };
  }

  get(id: string): VerifyRun | null {
    const run = this.runs.get(id);
    if (!run) return null;
    return {
      id: run.id,
      startedAt: run.startedAt,
      total: run.keys.length,
      addresses: run.keys,
      done: run.done,
      results: run.keys.flatMap((k) => run.results.get(k) ?? []),
      sessions: run.sessions.map(({ transcript: _, ...s }) => s),
    };
  }

  cancel(id: string): boolean {
    const run = this.runs.get(id);
    if (!run) return false;
    run.cancelled = true;
    if (run.timer) clearTimeout(run.timer);
    this.finish(run);
    return true;
  }

  transcript(id: string, session: number) {
    return this.runs.get(id)?.sessions.find((s) => s.n === session)?.transcript ?? [];
  }

  /** A round of probes; done is said once no greylisted address waits for another round. */
  private async probe(run: Run, addresses: string[], request: VerifyStart, round: number) {
    try {
      await this.round(run, addresses, request);
    } catch (error) {
      console.error('MXray: a verification run failed', error);
    }
    if (!this.scheduleRetry(run, request, round)) this.finish(run);
  }

  private finish(run: Run) {
    if (run.done) return;
    run.done = true;
    this.hub.emit('verify.done', { id: run.id });
  }

  private async round(run: Run, addresses: string[], request: VerifyStart): Promise<void> {
    const context = this.context();
    const offset = run.sessions.length;
    await verifyAddresses(addresses, {
      resolve: context.resolve,
      probeFrom: request.probeFrom,
      helo: context.helo,
      timeouts: context.timeouts,
      stagger: context.stagger,
      perDomain: context.perDomain,
      shouldStop: () => run.cancelled,
      onSession: (s) => run.sessions.push({ ...s, n: s.n + offset }),
      onResult: (r) => {
        if (run.cancelled) return;
        const result = { ...r, session: r.session === null ? null : r.session + offset };
        run.results.set(r.address, result);
        this.hub.emit('verify.result', { id: run.id, result });
      },
    });
  }

  /** Greylisted addresses go again when the server said; false when none waits. */
  private scheduleRetry(run: Run, request: VerifyStart, round: number): boolean {
    if (!request.retryGreylisted || run.cancelled || round >= GREYLIST_ROUNDS) return false;
    const grey = [...run.results.values()].filter(
      (r) => r.verdict === 'unknown' && r.nextAttemptAt,
    );
    if (!grey.length) return false;
    const at = Math.min(...grey.map((r) => Date.parse(r.nextAttemptAt ?? '')));
    const again = grey.map((r) => r.address);
    run.timer = setTimeout(
      () => void this.probe(run, again, request, round + 1),
      Math.min(MAX_WAIT_MS, Math.max(0, at - Date.now())),
    );
    run.timer.unref();
    return true;
  }
}
