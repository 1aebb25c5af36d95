import type { MxRoute } from '../../shared/mx';

/**
 * The route's lookup as one transcript line, the way DevTools' waterfall starts with DNS:
 * which server was asked, what it said, how long it took.
 * `MX example.net @ 127.0.0.1:53 → 2 hosts: mx1.example.net (10) 192.0.2.1; … — 12 ms`
 */
export function lookupNote(route: MxRoute, tookMs: number): string {
  const where = route.resolver ? `@ ${route.resolver}` : '(the sandbox: no DNS asked)';
  const took = `${Math.round(tookMs)} ms`;
  const hosts = route.hosts
    .filter((h) => h.addresses.length)
    .map(
      (h) =>
        `${h.host}${h.preference === null ? '' : ` (${h.preference})`} ${h.addresses.join(', ')}`,
    );
  const said = {
    mx: `${hosts.length} host${hosts.length === 1 ? '' : 's'}: ${hosts.join('; ')}`,
    implicit: `no MX; the domain's own address: ${hosts.join('; ')}`,
    null: 'a null MX: it accepts no mail',
    nxdomain: route.reason ?? 'no such domain',
    'no-address': route.reason ?? 'no MX host has an address',
    'temp-fail': route.reason ?? 'DNS failed',
  }[route.kind];
  return `MX ${route.domain} ${where} → ${said} — ${took}`;
}
