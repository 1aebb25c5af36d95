import { counted } from '../../../shared/plural';
import type { AttemptRecord } from '../../../shared/send';
import type { PhaseTiming } from '../../../shared/smtp';
import { ms } from '../ui/format';

/** A session still running, as far as its phases so far tell (it has no record yet). */
export type RunningEntrant = Pick<AttemptRecord, 'n' | 'host' | 'preference' | 'ip' | 'timings'>;

/** One staggered connect: attempts that ran side by side, and how it came out. */
export interface Race {
  /** The attempts that overlapped in time, in the order they started. */
  raced: number[];
  /** The one that greeted (220) first and went on; null while none has, or if none did. */
  winner: number | null;
  /** Those closed before any envelope because another greeted first. */
  abandoned: number[];
  /** From the first of them starting to the winner's 220. */
  greetedAfterMs: number | null;
  /** One of them is still running. */
  running: boolean;
  headline: string;
}

interface Entrant {
  n: number;
  label: string;
  ip: string;
  startedAt: number;
  /** Still running: it overlaps everything that starts after it. */
  endedAt: number;
  abandoned: boolean;
  running: boolean;
  /** When its 220 arrived, if one did. */
  greetedAt: number | null;
}

const label = (a: { preference: number | null; host: string }) =>
  a.preference === null ? a.host : `MX ${a.preference}`;

function greetedAt(timings: PhaseTiming[]): number | null {
  const banner = timings.find((t) => t.phase === 'banner' && t.reply && t.reply.code < 300);
  return banner ? Date.parse(banner.startedAt) + banner.durationMs : null;
}

function entrants(attempts: readonly AttemptRecord[], running: readonly RunningEntrant[]) {
  const ended: Entrant[] = attempts.map((a) => ({
    n: a.n,
    label: label(a),
    ip: a.ip,
    startedAt: Date.parse(a.startedAt),
    endedAt: Date.parse(a.endedAt),
    abandoned: a.outcome === 'abandoned',
    running: false,
    greetedAt: greetedAt(a.timings),
  }));
  const onRecord = new Set(attempts.map((a) => a.n));
  const live: Entrant[] = running
    // A session with no phase yet cannot be placed in time.
    .filter((r) => !onRecord.has(r.n) && r.timings.length > 0)
    .map((r) => ({
      n: r.n,
      label: label(r),
      ip: r.ip,
      startedAt: Math.min(...r.timings.map((t) => Date.parse(t.startedAt))),
      endedAt: Number.POSITIVE_INFINITY,
      abandoned: false,
      running: true,
      greetedAt: greetedAt(r.timings),
    }));
  return [...ended, ...live].sort((a, b) => a.startedAt - b.startedAt || a.n - b.n);
}

/** "MX 10", "MX 10 and MX 30", "MX 10, MX 30 and MX 40". */
function listed(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function raceOf(race: Entrant[]): Race {
  const start = race[0]?.startedAt ?? 0;
  // Two addresses of one host share a label: the address tells them apart.
  const name = (e: Entrant) =>
    race.filter((o) => o.label === e.label).length > 1 ? `${e.label} (${e.ip})` : e.label;
  const winner =
    race
      .filter((e) => !e.abandoned && e.greetedAt !== null)
      .sort((a, b) => (a.greetedAt as number) - (b.greetedAt as number))[0] ?? null;
  const abandoned = race.filter((e) => e.abandoned);
  const running = race.some((e) => e.running);
  const greetedAfterMs = winner ? (winner.greetedAt as number) - start : null;
  const count = counted(race.length, 'address', 'addresses');
  let headline: string;
  if (winner) {
    const lost = abandoned.map(name);
    headline =
      `Raced ${count}: ${winner.label} (${winner.ip}) greeted first after ${ms(greetedAfterMs as number)}` +
      (lost.length ? `; ${listed(lost)} ${lost.length === 1 ? 'was' : 'were'} abandoned` : '');
  } else {
    headline = running ? `Racing ${count}: none has greeted yet` : `Raced ${count}: none greeted`;
  }
  return {
    raced: race.map((e) => e.n),
    winner: winner?.n ?? null,
    abandoned: abandoned.map((e) => e.n),
    greetedAfterMs,
    running,
    headline,
  };
}

/**
 * The staggered connects in a delivery's attempts: attempts that overlapped in time (one
 * started before another ended, or while it still runs) form one race; the winner is the one
 * that greeted first and was not abandoned, the others were closed before any envelope. A
 * delivery retried later may hold several races, in the order they ran; attempts that ran
 * alone are in none.
 */
export function raceFacts(
  attempts: readonly AttemptRecord[],
  running: readonly RunningEntrant[] = [],
): Race[] {
  const races: Race[] = [];
  let group: Entrant[] = [];
  let end = Number.NEGATIVE_INFINITY;
  const close = () => {
    if (group.length > 1) races.push(raceOf(group));
  };
  for (const e of entrants(attempts, running)) {
    if (e.startedAt >= end) {
      close();
      group = [];
    }
    group.push(e);
    end = Math.max(end, e.endedAt);
  }
  close();
  return races;
}
