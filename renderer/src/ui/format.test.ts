import { describe, expect, it } from 'vitest';
import { age, bytes, clock, ms } from './format';

describe('formats people read', () => {
  it('counts down in minutes and seconds, rounding up', () => {
    expect([
      clock(272_000),
      clock(271_001),
      clock(999),
      clock(0),
      clock(-5),
      clock(3_723_000),
    ]).toEqual(['4:32', '4:32', '0:01', '0:00', '0:00', '1:02:03']);
  });
  it('says how long ago, durations and sizes', () => {
    expect([
      age(0, 2000),
      age(0, 42_000),
      age(0, 300_000),
      age(0, 3 * 3600_000),
      age(0, 2 * 86_400_000),
    ]).toEqual(['just now', '42 s ago', '5 min ago', '3 h ago', '2 d ago']);
    expect([ms(850.4), ms(1234), ms(12_345), ms(125_000)]).toEqual([
      '850 ms',
      '1.23 s',
      '12.3 s',
      '2 min 5 s',
    ]);
    expect([bytes(512), bytes(1300), bytes(3.5 * 1024 * 1024)]).toEqual([
      '512 B',
      '1.3 KB',
      '3.5 MB',
    ]);
  });
});
