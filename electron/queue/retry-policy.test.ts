import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, delayHintMs, retryDelayMs, shouldGiveUp } from './retry-policy';

const reply = (text: string) => ({ code: 450, enhanced: '4.7.1', text });

describe('retry policy', () => {
  it('waits the greylist delay first, then doubles up to the cap (Postfix: 300 s … 4000 s)', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map(
      (n) => retryDelayMs(n, null, DEFAULT_RETRY_POLICY) / 1000,
    );
    expect(delays).toEqual([300, 600, 1200, 2400, 4000, 4000, 4000]);
  });

  it('honours a delay the server names, within bounds', () => {
    expect(
      retryDelayMs(1, reply('4.7.1 Greylisted, try again in 60 seconds'), DEFAULT_RETRY_POLICY),
    ).toBe(60_000);
    expect(retryDelayMs(3, reply('Please retry in 2 minutes'), DEFAULT_RETRY_POLICY)).toBe(120_000);
    expect(retryDelayMs(1, reply('try again in 0 seconds'), DEFAULT_RETRY_POLICY)).toBe(1000);
    expect(retryDelayMs(1, reply('come back in 10 hours'), DEFAULT_RETRY_POLICY)).toBe(4_000_000);
    expect(delayHintMs('Service unavailable')).toBeNull();
  });

  it('gives up after the lifetime or the attempt limit', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, lifetimeMs: 3600_000, maxAttempts: 3 };
    expect(shouldGiveUp(0, 1, 3599_999, policy)).toBe(false);
    expect(shouldGiveUp(0, 1, 3600_000, policy)).toBe(true);
    expect(shouldGiveUp(0, 3, 10, policy)).toBe(true);
  });
});
