import type { DnsClient } from '../dns/resolver';

/**
 * mailauth asks DNS as `dns.promises.resolve(name, type)` does; this answers from our client,
 * so the report uses the DNS servers from Settings (and the tests' server on loopback).
 * DnsError carries Node's codes (ENOTFOUND, ENODATA…), which is what mailauth looks at.
 */
export function mailauthResolver(dns: DnsClient) {
  return async (name: string, type: string): Promise<unknown> => {
    switch (type.toUpperCase()) {
      case 'TXT':
        return dns.txt(name);
      case 'A':
        return dns.a(name);
      case 'AAAA':
        return dns.aaaa(name);
      case 'MX':
        return dns.mx(name);
      case 'PTR':
        return dns.ptr(name);
      case 'CNAME':
        return dns.cname(name);
      default:
        throw Object.assign(new Error(`${type} lookups are not supported`), { code: 'ENOTIMP' });
    }
  };
}
