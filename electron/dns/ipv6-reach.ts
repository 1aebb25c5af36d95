import os from 'node:os';

/**
 * Can this machine reach IPv6 destinations? Only with a global IPv6 address on some interface
 * (not loopback, not link-local fe80::/10, not unique-local fc00::/7). Without one, AAAA
 * addresses would only fail one by one and eat the address limit.
 */
export function hasGlobalIpv6(interfaces = os.networkInterfaces()): boolean {
  return Object.values(interfaces).some((list) =>
    (list ?? []).some(
      (i) => i.family === 'IPv6' && !i.internal && !/^(fe[89ab]|f[cd])/i.test(i.address),
    ),
  );
}
