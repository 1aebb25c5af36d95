import type { MxRoute } from '../../shared/mx';
import { hasGlobalIpv6 } from './ipv6-reach';
import { domainOfAddress, type RouteOptions, resolveRoute } from './mx-route';
import { createDnsClient, type DnsClient, type DnsOptions } from './resolver';

/** Where mail for one domain goes. */
export type ResolveRoute = (domain: string) => Promise<MxRoute>;

/** How direct delivery finds routes: DNS, with two ways for the app to step in first. */
export interface Routing extends DnsOptions {
  /** A route that never goes to DNS (the sandbox's domains), or null for DNS. */
  local?: (domain: string) => MxRoute | null;
  /** Why DNS must not be asked for this domain (sandbox mode), or null when it may. */
  refuse?: (domain: string) => string | null;
  /** Why mail may not go through this relay (sandbox mode, off this machine), or null. */
  refuseRelay?: (host: string) => string | null;
}

/** Why mail to this domain may not go out now, or null: what a route lookup would hold it for. */
export function refusalFor(routing: Routing, domain: string): string | null {
  return routing.local?.(domain) ? null : (routing.refuse?.(domain) ?? null);
}

/**
 * Why a send may not go out now (its relay, or its first recipient whose domain may not be
 * looked up), or null. Asked once before anything is queued; at each attempt the same rules
 * hold it back (startJob, routeResolver), so a queued send waits when the mode changes.
 */
export function sendRefusal(
  routing: Routing,
  send: { relay: string | null; recipients: string[] },
): string | null {
  if (send.relay !== null) return routing.refuseRelay?.(send.relay) ?? null;
  for (const address of send.recipients) {
    const refusal = refusalFor(routing, domainOfAddress(address));
    if (refusal) return `${address}: ${refusal}`;
  }
  return null;
}

/** A route for recipients that cannot be tried now: they stay deferred with this reason. */
export function heldRoute(domain: string, reason: string): MxRoute {
  return { domain, kind: 'temp-fail', hosts: [], warnings: [], reason };
}

export function dnsResolver(dns: DnsClient, options: RouteOptions = {}): ResolveRoute {
  return (domain) => resolveRoute(domain, dns, { ipv6: hasGlobalIpv6(), ...options });
}

/** The resolver for one send: the request's own DNS servers win over the routing's. */
export function routeResolver(
  routing: Routing,
  requestServers: string[] = [],
  options: RouteOptions = {},
): ResolveRoute {
  const servers = requestServers.length ? requestServers : routing.servers;
  const viaDns = dnsResolver(createDnsClient({ ...routing, servers }), options);
  return async (domain) => {
    const local = routing.local?.(domain);
    if (local) return local;
    const refusal = refusalFor(routing, domain);
    return refusal ? heldRoute(domain, refusal) : viaDns(domain);
  };
}
