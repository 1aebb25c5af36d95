import net from 'node:net';
import type { MxProbe } from '../../shared/domain-report';
import { type DnsClient, DnsError } from '../dns/resolver';

const ptrFailure = (error: unknown) =>
  error instanceof DnsError
    ? error.failure === 'nxdomain' || error.failure === 'nodata'
      ? 'no PTR record'
      : `PTR lookup failed (${error.code})`
    : String(error);

/**
 * Reverse DNS of an address and forward confirmation (FCrDNS): some PTR name resolves back to
 * the same address. Many receivers score a sender without it; for an MX it is mostly hygiene.
 */
export async function reverseDns(dns: DnsClient, address: string): Promise<MxProbe['reverseDns']> {
  let names: string[];
  try {
    names = (await dns.ptr(address)).map((n) => n.toLowerCase().replace(/\.$/, ''));
  } catch (error) {
    return { names: [], forwardConfirmed: false, error: ptrFailure(error) };
  }
  const lookup = net.isIPv6(address) ? dns.aaaa : dns.a;
  const forward = await Promise.all(names.map((name) => lookup(name).catch(() => [] as string[])));
  const same = (a: string) => a === address || (net.isIPv6(a) && expand(a) === expand(address));
  return { names, forwardConfirmed: forward.some((list) => list.some(same)), error: null };
}

/** IPv6 addresses compare after expansion: "::1" and "0:0:…:1" are one address. */
function expand(address: string): string {
  const sl = new net.SocketAddress({ address, family: 'ipv6' });
  return sl.address;
}
