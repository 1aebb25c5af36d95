import { describe, expect, it } from 'vitest';
import type { MxProbe } from '../../shared/domain-report';
import type { AttemptOutcome } from '../../shared/smtp';
import { reachabilityCheck } from './mx-checks';
import { pendingProbe } from './mx-probe';

const down = (address: string, outcome: AttemptOutcome, failure: string): MxProbe => ({
  ...pendingProbe({ host: `mx.${address}.test`, preference: 10, address, port: 25 }),
  state: 'done',
  reachable: false,
  outcome,
  failure,
});

describe('MX reachability', () => {
  it('when every MX times out, suspects the local network before the domain', () => {
    const c = reachabilityCheck([
      down('127.0.0.1', 'connect-timeout', 'no answer in 10 s'),
      down('127.0.0.2', 'banner-timeout', 'connected, but no banner in 30 s'),
    ]);
    expect(c.status).toBe('fail');
    expect(c.hint).toMatch(/may block outgoing port 25/);
  });

  it('when they refuse, points at the servers', () => {
    const c = reachabilityCheck([
      down('127.0.0.1', 'connect-timeout', 'no answer in 10 s'),
      down('127.0.0.2', 'connect-refused', 'refused the connection'),
    ]);
    expect(c.status).toBe('fail');
    expect(c.hint).toBe('Bring one MX up; check firewalls on port 25.');
  });

  it('counts in sentences that agree: the one address, one of two', () => {
    const up = (address: string): MxProbe => ({
      ...pendingProbe({ host: `mx.${address}.test`, preference: 10, address, port: 25 }),
      state: 'done',
      reachable: true,
    });
    expect(reachabilityCheck([up('127.0.0.1')]).summary).toBe('The one MX address answers.');
    expect(reachabilityCheck([up('127.0.0.1'), up('127.0.0.2')]).summary).toBe(
      'All 2 MX addresses answer.',
    );
    const half = reachabilityCheck([
      up('127.0.0.1'),
      down('127.0.0.2', 'connect-refused', 'refused the connection'),
    ]);
    expect(half.summary).toMatch(/^1 of 2 MX addresses does not answer \(/);
  });
});
