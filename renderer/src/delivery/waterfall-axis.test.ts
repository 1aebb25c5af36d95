import { describe, expect, it } from 'vitest';
import { waterfallAxis } from './waterfall-axis';

describe('the waterfall axis', () => {
  it('lays attempts one after another, cutting the waits between them', () => {
    const axis = waterfallAxis([
      { startedAt: 1000, durationMs: 100 },
      { startedAt: 1100, durationMs: 50 },
      { startedAt: 61_150, durationMs: 200 },
    ]);
    expect(axis).toEqual({ left: [0, 100, 150], gapBefore: [0, 0, 60_000], total: 350 });
  });

  it('draws raced attempts side by side on the stretch they shared', () => {
    // MX 10 silent from 0; MX 20 started 2 s in and done 300 ms later; MX 10 closed then.
    const axis = waterfallAxis([
      { startedAt: 0, durationMs: 2310 },
      { startedAt: 2000, durationMs: 300 },
    ]);
    expect(axis).toEqual({ left: [0, 2000], gapBefore: [0, 0], total: 2310 });
  });

  it('keeps the order given, whatever order the attempts started in', () => {
    const axis = waterfallAxis([
      { startedAt: 5000, durationMs: 10 },
      { startedAt: 0, durationMs: 100 },
    ]);
    expect(axis).toEqual({ left: [100, 0], gapBefore: [4900, 0], total: 110 });
  });
});
