import { describe, expect, it } from 'vitest';
import { counted } from './plural';

describe('counted', () => {
  it('agrees with its number, irregular plurals included', () => {
    expect(counted(1, 'day')).toBe('1 day');
    expect(counted(0, 'day')).toBe('0 days');
    expect(counted(2, 'address', 'addresses')).toBe('2 addresses');
    expect(counted(10_000, 'delivery', 'deliveries')).toBe('10,000 deliveries');
  });
});
