import { promises as dns } from 'node:dns';
import net from 'node:net';

export interface DnsOptions {
  /** "host[:port]" or "[v6]:port"; empty: the system's resolvers. */
  servers?: string[];
  /** Per query try, in milliseconds. */
  timeoutMs?: number;
  tries?: number;
}

export const DEFAULT_DNS_TIMEOUT_MS = 5000;
export const DEFAULT_DNS_TRIES = 2;

/** A DNS failure as a value: NXDOMAIN and "no such record" are answers, the rest is trouble. */
export type DnsFailure = 'nxdomain' | 'nodata' | 'servfail' | 'timeout' | 'refused' | 'other';

export class DnsError extends Error {
  constructor(
    readonly failure: DnsFailure,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DnsError';
  }
}

export class DnsServerError extends Error {}

const failures: Record<string, DnsFailure> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
  ESERVFAIL: 'servfail',
  ETIMEOUT: 'timeout',
  ECONNREFUSED: 'refused',
  EREFUSED: 'refused',
};

/** Check and normalise --dns values: Node's resolver takes IP addresses only. */
export function parseDnsServers(values: string[]): string[] {
  return values.map((value) => {
    const v = value.trim();
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(v);
    const plain = /^([^:\s]+)(?::(\d+))?$/.exec(v);
    const host = bracketed?.[1] ?? (net.isIPv6(v) ? v : plain?.[1]);
    const port = bracketed ? bracketed[2] : net.isIPv6(v) ? undefined : plain?.[2];
    if (
      !host ||
      !net.isIP(host) ||
      (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    ) {
      throw new DnsServerError(
        `DNS server "${value}" must be an IP address with an optional port, like 127.0.0.1:5353`,
      );
    }
    return port ? (net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`) : host;
  });
}

export interface DnsClient {
  mx(name: string): Promise<{ exchange: string; priority: number }[]>;
  a(name: string): Promise<string[]>;
  aaaa(name: string): Promise<string[]>;
  cname(name: string): Promise<string[]>;
  txt(name: string): Promise<string[][]>;
}

/** Node's resolver (c-ares) with our servers, timeout and tries; errors become DnsError. */
export function createDnsClient(options: DnsOptions = {}): DnsClient {
  const resolver = new dns.Resolver({
    timeout: options.timeoutMs ?? DEFAULT_DNS_TIMEOUT_MS,
    tries: options.tries ?? DEFAULT_DNS_TRIES,
  });
  if (options.servers?.length) resolver.setServers(parseDnsServers(options.servers));
  const wrap =
    <T>(what: string, run: (name: string) => Promise<T>) =>
    async (name: string): Promise<T> => {
      try {
        return await run(name);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
        throw new DnsError(
          failures[code] ?? 'other',
          code,
          `${what} lookup for ${name} failed (${code})`,
        );
      }
    };
  return {
    mx: wrap('MX', (n) => resolver.resolveMx(n)),
    a: wrap('A', (n) => resolver.resolve4(n)),
    aaaa: wrap('AAAA', (n) => resolver.resolve6(n)),
    cname: wrap('CNAME', (n) => resolver.resolveCname(n)),
    txt: wrap('TXT', (n) => resolver.resolveTxt(n)),
  };
}
