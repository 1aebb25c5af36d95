import { describe, expect, it } from 'vitest';
import { type Schedulable, schedule } from './scheduler';

type D = Schedulable & { destination: string };
const d = (id: string, destination: string, status: D['status'], at: number | null = 0): D => ({
  id,
  destination,
  status,
  nextAttemptAt: at,
});
const run = (deliveries: D[], extra: Partial<Parameters<typeof schedule<D>>[0]> = {}) =>
  schedule<D>({
    deliveries,
    destinationOf: (x) => x.destination,
    global: 3,
    windowOf: () => 2,
    now: 100,
    blocked: false,
    maxStarts: 8,
    ...extra,
  });

// The scheduler is pure: deliveries, limits and the time in; what to start and when to look again out.
describe('schedule', () => {
  it('starts what is due, oldest first, within the per-domain and global limits', () => {
    const plan = run([
      d('a3', 'a.test', 'queued', 30),
      d('a1', 'a.test', 'queued', 10),
      d('a2', 'a.test', 'deferred', 20),
      d('b1', 'b.test', 'queued', 40),
      d('c1', 'c.test', 'queued', 50),
    ]);
    // a.test gets two (its limit), b.test one; the global limit of 3 stops c.test.
    expect(plan).toEqual({ start: ['a1', 'a2', 'b1'], wakeAt: null, more: false });
  });

  it('counts sessions already running against both limits', () => {
    const plan = run([
      d('s1', 'a.test', 'sending', null),
      d('s2', 'b.test', 'sending', null),
      d('a1', 'a.test', 'queued'),
      d('a2', 'a.test', 'queued'),
      d('b1', 'b.test', 'queued'),
    ]);
    expect(plan.start).toEqual(['a1']);
  });

  it('wakes at the earliest delivery still waiting for its time, and starts nothing early', () => {
    const plan = run([d('late', 'a.test', 'deferred', 500), d('later', 'b.test', 'deferred', 900)]);
    expect(plan).toEqual({ start: [], wakeAt: 500, more: false });
  });

  it('starts nothing while blocked (paused, or the disk refusing), but still knows when to wake', () => {
    const plan = run([d('now', 'a.test', 'queued', 50), d('soon', 'b.test', 'deferred', 300)], {
      blocked: true,
    });
    expect(plan).toEqual({ start: [], wakeAt: 300, more: false });
  });

  it('starts a few per pass and says there is more', () => {
    const many = Array.from({ length: 5 }, (_, i) => d(`m${i}`, `d${i}.test`, 'queued', i));
    const plan = run(many, { maxStarts: 2, global: 20 });
    expect(plan).toEqual({ start: ['m0', 'm1'], wakeAt: null, more: true });
  });

  it('holds each destination to its own window, as feedback has set it', () => {
    const windows: Record<string, number> = { 'big.test': 4, 'small.test': 1 };
    const plan = run(
      [
        ...Array.from({ length: 6 }, (_, i) => d(`b${i}`, 'big.test', 'queued', i)),
        ...Array.from({ length: 3 }, (_, i) => d(`s${i}`, 'small.test', 'queued', i)),
      ],
      { global: 20, windowOf: (k) => windows[k] ?? 2 },
    );
    expect(plan.start).toEqual(['b0', 's0', 'b1', 'b2', 'b3']);
  });

  it('picks the oldest due of a long queue, in order, whatever order they come in', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      d(`q${i}`, 'big.test', 'queued', i % 997),
    );
    const plan = run(many, { global: 20, windowOf: () => 3 });
    // at 0: q0, q997, q1994 (the earliest of equals first).
    expect(plan.start).toEqual(['q0', 'q997', 'q1994']);
    const full = run([d('s', 'big.test', 'sending', null), ...many], { windowOf: () => 1 });
    expect(full).toEqual({ start: [], wakeAt: 101, more: false });
  });

  it('leaves finished and cancelled deliveries alone', () => {
    expect(run([d('x', 'a.test', 'done', 0), d('y', 'a.test', 'cancelled', 0)]).start).toEqual([]);
  });
});
