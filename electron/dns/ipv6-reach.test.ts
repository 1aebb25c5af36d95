import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hasGlobalIpv6 } from './ipv6-reach';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({
    address,
    family,
    internal,
    netmask: '',
    mac: '',
    cidr: null,
  }) as unknown as NetworkInterfaceInfo;

describe('hasGlobalIpv6', () => {
  it('needs a global IPv6 address, not loopback, link-local or unique-local', () => {
    expect(
      hasGlobalIpv6({
        lo: [nic('::1', 'IPv6', true)],
        eth0: [nic('192.0.2.5', 'IPv4'), nic('fe80::1', 'IPv6')],
      }),
    ).toBe(false);
    expect(hasGlobalIpv6({ eth0: [nic('fd00::5', 'IPv6')] })).toBe(false);
    expect(hasGlobalIpv6({ eth0: [nic('2001:db8::5', 'IPv6')] })).toBe(true);
  });
});
