import { describe, expect, it } from 'vitest';
import { connectFailure } from './dial';

const failure = (code: string, message = `connect ${code} 10.0.0.1:25`) =>
  Object.assign(new Error(message), { code });

describe('why a connection could not be opened, in words', () => {
  it('says what a network error means, keeping its code to search for', () => {
    expect(connectFailure(failure('EHOSTUNREACH'))).toBe(
      'no route to that host: the network has no path to it (a wrong address, a firewall, a VPN that is down) (EHOSTUNREACH).',
    );
    expect(connectFailure(failure('ENETUNREACH'))).toMatch(
      /^this machine has no route to that network .*\(ENETUNREACH\)\.$/,
    );
    expect(connectFailure(failure('ENOTFOUND'))).toBe(
      'that name does not resolve to an address (ENOTFOUND).',
    );
  });

  it('keeps the system message for anything else', () => {
    expect(connectFailure(failure('EWEIRD', 'connect EWEIRD 10.0.0.1:25'))).toBe(
      'connect EWEIRD 10.0.0.1:25.',
    );
  });
});
