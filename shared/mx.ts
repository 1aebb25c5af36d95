import { z } from 'zod';

/** How mail to a domain is routed (CLI.md `mx --json`, plus temp-fail for DNS trouble). */
export const MxKind = z.enum(['mx', 'implicit', 'null', 'nxdomain', 'no-address', 'temp-fail']);
export type MxKind = z.infer<typeof MxKind>;

export const MxHost = z.object({
  host: z.string(),
  /** null for the implicit MX (the domain's own address records). */
  preference: z.number().nullable(),
  addresses: z.array(z.string()),
  /** Why this host is skipped (IP literal, CNAME, no address…), when it is. */
  skipped: z.string().nullable(),
  /** Only the sandbox sets it: its hosts listen on ports of their own; otherwise the route's port. */
  port: z.number().int().min(1).max(65535).optional(),
});
export type MxHost = z.infer<typeof MxHost>;

export const MxRoute = z.object({
  domain: z.string(),
  kind: MxKind,
  /** In the order delivery tries them. */
  hosts: z.array(MxHost),
  /** Misconfigurations worth telling the domain's admin about. */
  warnings: z.array(z.string()),
  /** For null, nxdomain, no-address and temp-fail: what went wrong, in a sentence. */
  reason: z.string().nullable(),
  /** The DNS server(s) asked ("127.0.0.1:5353"); absent for a route that asked no DNS (the sandbox). */
  resolver: z.string().optional(),
  /**
   * Set on a temp-fail when the resolver's NXDOMAIN cannot be believed (it says so even for the
   * top-level domain, or the servers disagree): who is doubted, as a clause naming them.
   */
  resolverDoubt: z.string().optional(),
});
export type MxRoute = z.infer<typeof MxRoute>;
