import type { MxRoute } from '../../shared/mx';

/** The port MX servers listen on (RFC 5321 §4.5.4.2), unless a caller says otherwise. */
export const SMTP_PORT = 25;

/** One address to dial for a domain: the MX host (name for SNI and certificates), its IP. */
export interface MxTarget {
  host: string;
  /** null for an implicit MX (the domain's own address record). */
  preference: number | null;
  ip: string;
  port: number;
}

/**
 * A route's addresses in the order they are tried: hosts by preference (mx-route.ts sorted and
 * shuffled them), each host's addresses in turn. A host's own port (the sandbox's) wins over
 * the one given for the whole route. Delivery, verify and the domain report all walk this.
 */
export function targetsOf(route: MxRoute, port: number): MxTarget[] {
  return route.hosts.flatMap((h) =>
    h.addresses.map((ip) => ({ host: h.host, preference: h.preference, ip, port: h.port ?? port })),
  );
}
