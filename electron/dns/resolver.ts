import { promises as dns } from 'node:dns';
import net from 'node:net';
import { rawQuery } from './raw-query';

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
export type DnsFailure =
  | 'nxdomain'
  | 'nodata'
  | 'servfail'
  | 'timeout'
  /** The server answered REFUSED. */
  | 'refused'
  /** Nothing answers DNS at that address and port (ICMP port unreachable). */
  | 'unreachable'
  | 'other';

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
  ECONNREFUSED: 'unreachable',
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
  /** The names an address maps back to (PTR). */
  ptr(address: string): Promise<string[]>;
  /** TLSA records (RFC 6698) and whether the resolver validated them (DNSSEC AD bit). */
  tlsa(name: string): Promise<TlsaAnswer>;
  /** NS records: used to ask whether a top-level domain exists (resolver sanity). */
  ns(name: string): Promise<string[]>;
  /** Who is asked, for sentences: "127.0.0.1:5353", or the system's resolvers. */
  describeServers(): string;
  /**
   * One client per server this one asks, each asking only that server. The resolver takes the
   * first server's NXDOMAIN as final, so comparing servers means asking each on its own.
   */
  perServer(): DnsClient[];
}

export interface TlsaRecord {
  usage: number;
  selector: number;
  matchingType: number;
  /** The association data, hex. */
  data: string;
}

export interface TlsaAnswer {
  records: TlsaRecord[];
  authenticated: boolean;
}

/** The name a PTR lives at: 4.3.2.1.in-addr.arpa, or the 32 nibbles of an IPv6 address in ip6.arpa. */
export function reverseName(address: string): string {
  if (net.isIPv4(address)) return `${address.split('.').reverse().join('.')}.in-addr.arpa`;
  if (!net.isIPv6(address)) return address;
  // An embedded IPv4 tail (::ffff:192.0.2.1) as the two groups it stands for.
  const v4 = address.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  const hex = v4
    ? address.slice(0, v4.index) +
      [0, 2].map((i) => ((Number(v4[i + 1]) << 8) | Number(v4[i + 2])).toString(16)).join(':')
    : address;
  const [head = '', tail = ''] = hex.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const nibbles = groups.map((g) => g.padStart(4, '0')).join('');
  return `${[...nibbles].reverse().join('.')}.ip6.arpa`;
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
    // resolvePtr on the arpa name, not reverse(): c-ares's reverse() reads /etc/hosts first,
    // so 127.0.0.1 would be "localhost" whatever the configured server says.
    ptr: wrap('PTR', (n) => resolver.resolvePtr(reverseName(n))),
    ns: wrap('NS', (n) => resolver.resolveNs(n)),
    describeServers: () => describeServers(resolver.getServers(), !options.servers?.length),
    perServer: () =>
      resolver.getServers().map((server) => createDnsClient({ ...options, servers: [server] })),
    tlsa: async (name) => {
      const limits = {
        timeoutMs: options.timeoutMs ?? DEFAULT_DNS_TIMEOUT_MS,
        tries: options.tries ?? DEFAULT_DNS_TRIES,
      };
      let answer: Awaited<ReturnType<typeof rawQuery>>;
      try {
        answer = await rawQuery(resolver.getServers(), name, 'TLSA', limits);
      } catch (error) {
        throw new DnsError(
          'timeout',
          'ETIMEOUT',
          `TLSA lookup for ${name} failed (${(error as Error).message})`,
        );
      }
      if (answer.rcode === 'NXDOMAIN') return { records: [], authenticated: answer.authenticated };
      if (answer.rcode !== 'NOERROR')
        throw new DnsError(
          answer.rcode === 'SERVFAIL' ? 'servfail' : 'other',
          `E${answer.rcode}`,
          `TLSA lookup for ${name} failed (${answer.rcode})`,
        );
      const records = answer.answers.flatMap((a) =>
        a.type === 'TLSA'
          ? [
              {
                usage: a.data.usage,
                selector: a.data.selector,
                matchingType: a.data.matchingType,
                data: a.data.certificate.toString('hex'),
              },
            ]
          : [],
      );
      return { records, authenticated: answer.authenticated };
    },
  };
}

/** The servers a resolver asks, as a sentence names them: "127.0.0.1:5353", "10.0.0.1 (or 10.0.0.2)". */
function describeServers(servers: string[], system: boolean): string {
  const named = servers.map((s) => s.replace(/:53$/, ''));
  const list =
    named.length > 1 ? `${named[0]} (or ${named.slice(1).join(', ')})` : (named[0] ?? 'none');
  return system ? `the system's resolver ${list}` : list;
}
