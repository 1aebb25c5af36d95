import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../../shared/send';
import type { PhaseTiming } from '../../../shared/smtp';
import { raceFacts } from './race-facts';

const T0 = Date.parse('2026-12-04T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

const timing = (phase: PhaseTiming['phase'], from: number, took: number, code?: number) =>
  ({
    phase,
    startedAt: at(from),
    durationMs: took,
    reply: code ? { code, enhanced: null, text: '' } : null,
  }) as PhaseTiming;

/** An attempt at MX `pref`, from `from` to `to` ms, greeting (220) at `greets` if given. */
function attempt(
  n: number,
  pref: number,
  from: number,
  to: number,
  outcome: AttemptRecord['outcome'],
  greets?: number,
): AttemptRecord {
  const timings = [timing('connect', from, 2)];
  if (greets !== undefined) timings.push(timing('banner', from + 2, greets - from - 2, 220));
  return {
    n,
    domain: 'example.test',
    host: `mx${pref}.example.test`,
    preference: pref,
    ip: `127.0.0.${pref}`,
    port: 25,
    startedAt: at(from),
    endedAt: at(to),
    outcome,
    phase: outcome === 'abandoned' ? 'banner' : 'quit',
    reply: null,
    reason: '',
    tls: null,
    tlsDowngrade: null,
    timings,
  };
}

describe('the races in a delivery’s attempts', () => {
  it('a silent MX 10 raced by MX 20: MX 20 wins, MX 10 abandoned, said in one sentence', () => {
    const races = raceFacts([
      attempt(1, 10, 0, 2200, 'abandoned'),
      attempt(2, 20, 2000, 2300, 'accepted', 2100),
    ]);
    expect(races).toEqual([
      {
        raced: [1, 2],
        winner: 2,
        abandoned: [1],
        greetedAfterMs: 2100,
        running: false,
        headline:
          'Raced 2 addresses: MX 20 (127.0.0.20) greeted first after 2.10 s; MX 10 was abandoned',
      },
    ]);
  });

  it('attempts one after another are no race, however close', () => {
    expect(
      raceFacts([
        attempt(1, 10, 0, 50, 'connect-refused'),
        attempt(2, 20, 50, 300, 'accepted', 60),
      ]),
    ).toEqual([]);
  });

  it('three in flight, two abandoned, counted and listed in words', () => {
    const [race] = raceFacts([
      attempt(1, 10, 0, 4100, 'abandoned'),
      attempt(2, 20, 2000, 4100, 'abandoned'),
      attempt(3, 30, 4000, 4400, 'accepted', 4050),
    ]);
    expect(race?.winner).toBe(3);
    expect(race?.abandoned).toEqual([1, 2]);
    expect(race?.headline).toBe(
      'Raced 3 addresses: MX 30 (127.0.0.30) greeted first after 4.05 s; MX 10 and MX 20 were abandoned',
    );
  });

  it('a retry later races again: one race per cluster, in the order they ran', () => {
    const races = raceFacts([
      attempt(1, 10, 0, 2200, 'abandoned'),
      attempt(2, 20, 2000, 2300, 'deferred', 2100),
      attempt(3, 10, 300_000, 302_200, 'abandoned'),
      attempt(4, 20, 302_000, 302_300, 'accepted', 302_100),
    ]);
    expect(races.map((r) => [r.raced, r.winner])).toEqual([
      [[1, 2], 2],
      [[3, 4], 4],
    ]);
  });

  it('a loser that answered (a 421 after MX 20 started) is raced, not abandoned, and not the winner', () => {
    const refused = attempt(1, 10, 0, 2500, 'greeting-rejected');
    refused.timings.push(timing('banner', 2, 2498, 421));
    const [race] = raceFacts([refused, attempt(2, 20, 2000, 2300, 'accepted', 2100)]);
    expect(race).toMatchObject({ raced: [1, 2], winner: 2, abandoned: [] });
    expect(race?.headline).toBe('Raced 2 addresses: MX 20 (127.0.0.20) greeted first after 2.10 s');
  });

  it('while it runs: a session with no record yet races the one it overlaps', () => {
    const mx10 = attempt(1, 10, 0, 2200, 'abandoned');
    const mx20 = { n: 2, host: 'mx20.example.test', preference: 20, ip: '127.0.0.20' };
    // Both still dialling: no winner yet.
    const dialling = raceFacts(
      [],
      [
        { ...mx10, timings: [timing('connect', 0, 2)] },
        { ...mx20, timings: [timing('connect', 2000, 1)] },
      ],
    );
    expect(dialling).toEqual([
      {
        raced: [1, 2],
        winner: null,
        abandoned: [],
        greetedAfterMs: null,
        running: true,
        headline: 'Racing 2 addresses: none has greeted yet',
      },
    ]);
    // MX 20 greeted and goes on; MX 10 is on the record, abandoned.
    const greeted = raceFacts(
      [mx10],
      [{ ...mx20, timings: [timing('connect', 2000, 1), timing('banner', 2001, 99, 220)] }],
    );
    expect(greeted[0]).toMatchObject({ raced: [1, 2], winner: 2, abandoned: [1], running: true });
    // A session that has not even connected cannot be placed: no race claimed for it.
    expect(raceFacts([], [{ ...mx20, timings: [] }])).toEqual([]);
  });

  it('none greeted: said so, with no winner', () => {
    const [race] = raceFacts([
      attempt(1, 10, 0, 300_000, 'banner-timeout'),
      attempt(2, 20, 2000, 302_000, 'banner-timeout'),
    ]);
    expect(race).toMatchObject({ winner: null, headline: 'Raced 2 addresses: none greeted' });
  });

  it('two addresses of one host are told apart by their address', () => {
    const a = attempt(1, 10, 0, 2200, 'abandoned');
    const b = { ...attempt(2, 10, 2000, 2300, 'accepted', 2100), ip: '127.0.0.11' };
    expect(raceFacts([a, b])[0]?.headline).toBe(
      'Raced 2 addresses: MX 10 (127.0.0.11) greeted first after 2.10 s; MX 10 (127.0.0.10) was abandoned',
    );
  });
});
