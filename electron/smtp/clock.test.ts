import { describe, expect, it } from 'vitest';
import { isoNow } from './clock';

describe('isoNow', () => {
  it('matches toISOString for any millisecond, in any order', () => {
    const base = Date.UTC(2026, 10, 30, 23, 59, 58, 0);
    for (const ms of [
      base,
      base + 7,
      base + 42,
      base + 999,
      base + 1000,
      base + 1001,
      base - 1,
      base + 86_400_000 + 5,
    ]) {
      expect(isoNow(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
