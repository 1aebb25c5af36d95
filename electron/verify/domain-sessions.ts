import type { MxRoute } from '../../shared/mx';
import type { ProbeSession } from '../../shared/verify';
import type { DestinationWindows, Feedback } from '../queue/destination-window';
import { type DomainAnswers, type ProbeOptions, probeDomain } from './probe-domain';

/** A unit of work is at most this many transactions (batches of RCPT) long. */
export const MAX_UNIT_BATCHES = 4;
/** A unit refused because of our concurrency goes back to the queue this many times at most. */
const MAX_REQUEUES = 5;

/**
 * A domain's addresses cut into units of work, each asked in a session of its own: one unit
 * for a domain of one batch or less (or a window of one: the whole domain in one session, as
 * before windows), else units of 1 to 4 batches, about two per session the window allows, so the
 * window can fill without many short sessions.
 */
export function unitsOf(
  addresses: string[],
  batchSize: number,
  max: number,
  perAddress = false,
): string[][] {
  if (perAddress) return addresses.map((a) => [a]);
  const batches = Math.ceil(addresses.length / batchSize);
  if (max <= 1 || batches <= 1) return [addresses];
  const size = batchSize * Math.min(MAX_UNIT_BATCHES, Math.max(1, Math.floor(batches / (2 * max))));
  const units: string[][] = [];
  for (let i = 0; i < addresses.length; i += size) units.push(addresses.slice(i, i + size));
  return units;
}

export interface WindowedProbe {
  /** The run's windows, keyed by domain. */
  windows: DestinationWindows;
  /** The most sessions a domain may get (cuts the units). */
  max: number;
  /** Every session's options; `catchAll` says whether the domain gets the random probe. */
  session: Omit<ProbeOptions, 'onSession' | 'learnt' | 'shouldStop'>;
  /** One address per session, no catch-all probe (the simple way, for the benchmark). */
  perAddress?: boolean;
  /** Least time between the starts of two sessions to the domain. */
  paceMs?: number;
  shouldStop?: () => boolean;
  onSession: (session: ProbeSession) => void;
  /** What a unit's sessions learnt, with the domain's catch-all answer once it is known. */
  onAnswers: (addresses: string[], answers: DomainAnswers, catchAll: boolean | null) => void;
}

interface Unit {
  addresses: string[];
  /** Does the catch-all probe ride in this unit (the first one)? */
  probe: boolean;
  requeues: number;
}

const nothingFrom = (failure: string | null): DomainAnswers => ({
  replies: new Map(),
  unanswered: new Map(),
  catchAll: null,
  failure,
});

/**
 * Probe one domain with up to its window of sessions at once (DestinationWindows: it grows by
 * one per session that went well, halves on a 421, a refused connection, "too many
 * connections"). Sessions pull units from a shared queue in order; the catch-all probe rides
 * once, in the first unit, and the other units' verdicts wait for its answer. A unit refused
 * while other sessions to the domain were open (the server limiting us, nothing asked) goes
 * back to the front of the queue; one refused with no other session open is the domain's
 * answer. When a session fails without a word from a domain that has said nothing yet, no new
 * session starts; if the open ones fail too, the units still queued get the same failure
 * instead of trying in turn (a dead domain costs no more time than before windows).
 */
export async function probeInWindow(
  route: MxRoute,
  addresses: string[],
  o: WindowedProbe,
): Promise<void> {
  const domain = route.domain;
  const catchAll = o.session.catchAll && !o.perAddress;
  const queue: Unit[] = unitsOf(addresses, o.session.batchSize, o.max, o.perAddress).map(
    (unit, i) => ({ addresses: unit, probe: catchAll && i === 0, requeues: 0 }),
  );
  const learnt = { batchSize: o.session.batchSize };
  let settleCatchAll: (answer: boolean | null) => void = () => {};
  const catchAllKnown = new Promise<boolean | null>((resolve) => {
    settleCatchAll = resolve;
  });
  if (!catchAll) settleCatchAll(null);

  let active = 0;
  let started = 0;
  let lastStart: number | null = null;
  const domainSaid: {
    anything: boolean;
    /** The first unit that ended without a word from the domain while none had had one. */
    silent: DomainAnswers | null;
  } = { anything: false, silent: null };
  const crash: { error?: unknown; crashed: boolean } = { crashed: false };
  const verdicts: Promise<void>[] = [];
  let wake: (() => void) | null = null;
  const nudge = () => {
    wake?.();
    wake = null;
  };

  const run = async (unit: Unit) => {
    const overlapAtStart = active > 1;
    const startedBefore = started;
    const last: { feedback: Feedback } = { feedback: 'none' };
    let answers: DomainAnswers;
    try {
      answers = await probeDomain(route, unit.addresses, {
        ...o.session,
        catchAll: unit.probe,
        learnt,
        shouldStop: o.shouldStop,
        onSession: (session, said) => {
          o.windows.record(domain, said);
          last.feedback = said;
          o.onSession(session);
        },
      });
    } catch (error) {
      if (!crash.crashed) Object.assign(crash, { crashed: true, error });
      active--;
      nudge();
      return;
    }
    const overlap = overlapAtStart || active > 1 || started > startedBefore;
    active--;
    const heard = answers.replies.size > 0 || answers.unanswered.size > 0;
    domainSaid.anything ||= heard;
    if (
      !heard &&
      last.feedback === 'shrink' &&
      overlap &&
      unit.requeues < MAX_REQUEUES &&
      !o.shouldStop?.()
    ) {
      unit.requeues++;
      queue.unshift(unit);
      nudge();
      return;
    }
    if (!heard && !domainSaid.anything) domainSaid.silent ??= answers;
    if (unit.probe) settleCatchAll(answers.catchAll);
    nudge();
    o.onAnswers(unit.addresses, answers, unit.probe ? answers.catchAll : await catchAllKnown);
  };

  for (;;) {
    // A domain that has said nothing yet gets no new session while one has failed silent.
    const holding = domainSaid.silent !== null && !domainSaid.anything;
    while (queue.length && !crash.crashed && !holding && active < o.windows.limit(domain)) {
      const wait = lastStart === null || !o.paceMs ? 0 : lastStart + o.paceMs - Date.now();
      if (wait > 0) {
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      if (o.shouldStop?.()) {
        queue.length = 0;
        break;
      }
      const unit = queue.shift();
      if (!unit) break;
      active++;
      started++;
      lastStart = Date.now();
      verdicts.push(run(unit));
    }
    if (crash.crashed) queue.length = 0;
    if (holding && active === 0) {
      // Every session so far failed without a word: that answers for the rest, as one
      // session answered for the whole domain before windows.
      const failure = domainSaid.silent?.failure ?? null;
      for (const u of queue.splice(0)) o.onAnswers(u.addresses, nothingFrom(failure), null);
    }
    if (!active && !queue.length) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  settleCatchAll(null);
  await Promise.all(verdicts);
  if (crash.crashed) throw crash.error;
}
