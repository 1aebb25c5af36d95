import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SendRequestInput } from '../../shared/send';
import { startSend } from './start-send';
import { labRequest, type RaceLab, startRaceLab, type WireEvent } from './test-support/race-lab';

let lab: RaceLab;
beforeAll(async () => {
  lab = await startRaceLab();
}, 20_000);
afterAll(() => lab?.close());

/** A send with the default settings (stagger absent: 2 s), unless a session option says. */
async function send(domain: string, session: Partial<SendRequestInput['session']> = {}) {
  const request = labRequest(lab, domain, session);
  const since = Date.now();
  const from = lab.wire.length;
  const report = await (await startSend(request)).done;
  // The losers' goodbyes may land just after the winner's report.
  await new Promise((r) => setTimeout(r, 150));
  return { report, ms: Date.now() - since, wire: lab.wire.slice(from) };
}

/**
 * The promise, checked on the servers' side: one connection reached MAIL FROM, and every
 * other connection of the delivery closed without a word past its greeting.
 */
function oneEnvelope(wire: WireEvent[]) {
  const mails = wire.filter((e) => e.kind === 'mail');
  expect(mails).toHaveLength(1);
  const winner = mails[0]?.server;
  const others = wire.filter((e) => e.kind === 'close' && e.server !== winner);
  for (const close of others) expect(close.ehlo, `${close.server} got EHLO`).toBe(false);
  return winner;
}

describe('staggered connect: a silent MX costs the stagger, not the greeting timeout', () => {
  it('MX 10 takes the connection and never greets: delivered through MX 20 in under 3 s', async () => {
    const { report, ms, wire } = await send('silent.race.test');
    expect(ms).toBeLessThan(3000);
    expect(report.recipients[0]).toMatchObject({ status: 'delivered' });
    expect(report.attempts.map((a) => [a.n, a.preference, a.outcome])).toEqual([
      [1, 10, 'abandoned'],
      [2, 20, 'accepted'],
    ]);
    expect(report.attempts[0]?.reason).toMatch(/^abandoned: MX 20 greeted first, 2\.\d s into/);
    // Side by side: MX 20 started while MX 10 still waited.
    const [first, second] = report.attempts;
    expect(Date.parse(second?.startedAt ?? '')).toBeLessThan(Date.parse(first?.endedAt ?? ''));
    expect(oneEnvelope(wire)).toBe('healthy');
    expect(wire.filter((e) => e.kind === 'data')).toHaveLength(1);
    // Each connection's lines stay its own.
    expect(new Set(report.transcript.map((l) => l.attempt))).toEqual(new Set([1, 2]));
  });

  it('MX 10 drops SYNs: the same, delivered through MX 20 in under 3 s', async () => {
    expect(lab.synDrop.filled).toBeGreaterThan(0);
    const { report, ms, wire } = await send('syn.race.test');
    expect(ms).toBeLessThan(3000);
    expect(report.recipients[0]).toMatchObject({ status: 'delivered' });
    expect(report.attempts.map((a) => [a.preference, a.outcome, a.phase])).toEqual([
      [10, 'abandoned', 'connect'],
      [20, 'accepted', 'body'],
    ]);
    expect(oneEnvelope(wire)).toBe('healthy');
  });

  it('MX 10 greets after 2.5 s, before MX 20 does: MX 10 wins, MX 20 is closed unheard', async () => {
    const { report, wire } = await send('slow.race.test');
    expect(report.recipients[0]).toMatchObject({ status: 'delivered' });
    expect(report.attempts.map((a) => [a.preference, a.outcome])).toEqual([
      [10, 'accepted'],
      [20, 'abandoned'],
    ]);
    expect(oneEnvelope(wire)).toBe('slow');
    expect(wire.some((e) => e.server === 'slower' && e.kind === 'greet')).toBe(false);
  });

  // Two real timers 50 ms apart on a shared 2-core machine: a stalled event loop can reorder
  // them, so this one race may be run again.
  it('both greet within the grace: the preferred MX wins', { retry: 2 }, async () => {
    const { report, wire } = await send('grace.race.test');
    expect(report.attempts.map((a) => [a.preference, a.outcome])).toEqual([
      [10, 'accepted'],
      [20, 'abandoned'],
    ]);
    // MX 20 did greet first; the grace gave MX 10 the win, and MX 20 only ever heard QUIT.
    const greets = wire.filter((e) => e.kind === 'greet').map((e) => e.server);
    expect(greets).toEqual(['healthy2', 'late']);
    expect(oneEnvelope(wire)).toBe('late');
  });

  it('a 421 greeting at MX 10 moves to MX 20 at once, without waiting for the stagger', async () => {
    const before = lab.busy.connections;
    const { report, ms } = await send('busy.race.test');
    expect(lab.busy.connections).toBe(before + 1);
    expect(ms).toBeLessThan(1500);
    expect(report.attempts.map((a) => [a.preference, a.outcome])).toEqual([
      [10, 'greeting-rejected'],
      [20, 'accepted'],
    ]);
  });

  it('--stagger 0: one address at a time, as before (MX 10 is waited for)', async () => {
    const { report, ms, wire } = await send('silent.race.test', {
      staggerSeconds: 0,
      timeoutSeconds: 1.5,
    });
    expect(ms).toBeGreaterThanOrEqual(1500);
    expect(report.attempts.map((a) => [a.preference, a.outcome])).toEqual([
      [10, 'banner-timeout'],
      [20, 'accepted'],
    ]);
    // Strictly one after the other: MX 20 was dialled only once MX 10 had given up.
    const [first, second] = report.attempts;
    expect(Date.parse(second?.startedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(first?.endedAt ?? ''),
    );
    expect(oneEnvelope(wire)).toBe('healthy');
  });
});
