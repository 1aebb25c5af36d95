import net from 'node:net';
import { domainToASCII } from 'node:url';
import { controlCharacterIn } from '../../shared/control-chars';
import type { MxHost, MxRoute } from '../../shared/mx';
import { describeFailure } from './failure-text';
import { type DnsClient, DnsError } from './resolver';
import { resolverDoubt } from './resolver-doubt';

export interface RouteOptions {
  /** Most addresses one delivery will try, over all hosts (Postfix: smtp_mx_address_limit). */
  addressLimit?: number;
  /** Also use AAAA records (when this machine can reach IPv6). */
  ipv6?: boolean;
  /** Try IPv6 addresses of a host before its IPv4 ones. */
  preferIpv6?: boolean;
  /** For shuffling equal preferences; tests pass their own. */
  random?: () => number;
}

export const DEFAULT_ADDRESS_LIMIT = 5;

/** Lower-case, no trailing dot, IDN to punycode; null when it cannot be a domain. */
/**
 * Why a name cannot be a domain (RFC 1035 §2.3.4, RFC 5321 §4.1.2), or null when it can:
 * the answer is permanent, never "try again later".
 */
export function domainSyntaxProblem(domain: string): string | null {
  // Checked before IDNA, which would silently drop a tab or a newline.
  const control = controlCharacterIn(domain);
  if (control) return `it contains ${control}`;
  const ascii = domainToASCII(domain.trim().replace(/\.$/, '').toLowerCase());
  if (!ascii) return 'it is not a valid internationalised name';
  if (ascii.length > 253) return `it is ${ascii.length} characters long; at most 253`;
  for (const label of ascii.split('.')) {
    if (label === '') return 'it has an empty label (two dots in a row, or a leading dot)';
    if (label.length > 63) return `it has a label of ${label.length} characters; at most 63`;
    if (!/^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/.test(label))
      return `its label "${label}" may hold only letters, digits and inner hyphens`;
  }
  return null;
}

export function normaliseDomain(domain: string): string | null {
  if (controlCharacterIn(domain)) return null;
  const ascii = domainToASCII(domain.trim().replace(/\.$/, '').toLowerCase());
  return ascii && /^[a-z0-9.-]+$/.test(ascii) && !ascii.startsWith('.') ? ascii : null;
}

/** The recipient domain of an address, as routes are keyed: normalised, else lower-cased. */
export function domainOfAddress(address: string): string {
  const raw = address.slice(address.lastIndexOf('@') + 1);
  return normaliseDomain(raw) ?? raw.toLowerCase();
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

const temporary = (error: unknown) =>
  error instanceof DnsError && error.failure !== 'nxdomain' && error.failure !== 'nodata';

async function addressesOf(dns: DnsClient, host: string, options: RouteOptions): Promise<string[]> {
  const lookups = [dns.a(host), options.ipv6 ? dns.aaaa(host) : Promise.resolve([])];
  const [v4, v6] = await Promise.allSettled(lookups);
  const ok = (r: PromiseSettledResult<string[]> | undefined) =>
    r?.status === 'fulfilled' ? r.value : [];
  for (const r of [v4, v6]) if (r?.status === 'rejected' && temporary(r.reason)) throw r.reason;
  return options.preferIpv6 ? [...ok(v6), ...ok(v4)] : [...ok(v4), ...ok(v6)];
}

/**
 * Where mail for a domain goes (RFC 5321 §5.1, RFC 7505), the way Postfix's smtp_addr finds it:
 * MX records by preference (equal ones shuffled), each host expanded to its addresses; no MX
 * means the domain itself (implicit MX); "0 ." means it takes no mail; NXDOMAIN is final;
 * SERVFAIL or a timeout is temporary. MX hosts that are IP literals, aliases or addressless
 * are skipped with a warning.
 */
export async function resolveRoute(
  domainInput: string,
  dns: DnsClient,
  options: RouteOptions = {},
): Promise<MxRoute> {
  const random = options.random ?? Math.random;
  const limit = options.addressLimit ?? DEFAULT_ADDRESS_LIMIT;
  const domain = normaliseDomain(domainInput) ?? domainInput;
  const problem = domainSyntaxProblem(domainInput);
  const route = (
    kind: MxRoute['kind'],
    hosts: MxHost[],
    warnings: string[],
    reason: string | null,
  ): MxRoute => ({
    domain,
    kind,
    hosts,
    warnings,
    reason,
    resolver: dns.describeServers(),
  });

  // A name that cannot exist is answered now, and for good: a bounce, not days of retries.
  if (problem)
    return route(
      'nxdomain',
      [],
      [],
      `${JSON.stringify(domainInput)} is not a valid domain name: ${problem}.`,
    );
  let records: { exchange: string; priority: number }[];
  try {
    records = await dns.mx(domain);
  } catch (error) {
    if (!(error instanceof DnsError)) throw error;
    if (error.failure === 'nxdomain') {
      // A resolver that cannot be believed must not bounce mail for good.
      const doubt = await resolverDoubt(dns, domain);
      if (doubt) return { ...route('temp-fail', [], [], doubt.reason), resolverDoubt: doubt.doubt };
      return route(
        'nxdomain',
        [],
        [],
        `The domain ${domain} does not exist (NXDOMAIN from ${dns.describeServers()}).`,
      );
    }
    if (error.failure !== 'nodata') {
      return route(
        'temp-fail',
        [],
        [],
        `Could not look up MX for ${domain}: ${describeFailure(error, dns)}; try again later.`,
      );
    }
    records = [];
  }

  if (records.length === 0) return implicitRoute(domain, dns, options, limit, route);

  const warnings: string[] = [];
  const nullMx = records.filter((r) => r.exchange === '' || r.exchange === '.');
  if (nullMx.length && records.length === nullMx.length) {
    return route('null', [], [], `${domain} publishes a null MX (RFC 7505): it accepts no mail.`);
  }
  if (nullMx.length)
    warnings.push(`${domain} mixes a null MX with other MX records; the null MX is ignored.`);

  const byPreference = new Map<number, string[]>();
  for (const r of records) {
    if (r.exchange === '' || r.exchange === '.') continue;
    byPreference.set(r.priority, [
      ...(byPreference.get(r.priority) ?? []),
      r.exchange.toLowerCase().replace(/\.$/, ''),
    ]);
  }
  const ordered = [...byPreference.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([preference, hosts]) =>
      shuffle([...new Set(hosts)], random).map((host) => ({ host, preference })),
    );

  const hosts: MxHost[] = [];
  let budget = limit;
  for (const { host, preference } of ordered) {
    const skip = (why: string) => {
      warnings.push(why);
      hosts.push({ host, preference, addresses: [], skipped: why });
    };
    if (net.isIP(host.replace(/^\[|\]$/g, ''))) {
      skip(`MX ${preference} ${host} is an IP address; an MX must name a host (RFC 5321 §5.1).`);
      continue;
    }
    const alias = await dns.cname(host).catch(() => []);
    if (alias.length) {
      skip(
        `MX ${preference} ${host} is an alias (CNAME to ${alias[0]}); an MX must not point at a CNAME (RFC 2181 §10.3).`,
      );
      continue;
    }
    let addresses: string[];
    try {
      addresses = await addressesOf(dns, host, options);
    } catch (error) {
      skip(`MX ${preference} ${host}: ${describeFailure(error, dns)}.`);
      continue;
    }
    if (addresses.length === 0) {
      skip(`MX ${preference} ${host} has no address record.`);
      continue;
    }
    const kept = addresses.slice(0, Math.max(budget, 0));
    budget -= kept.length;
    hosts.push({
      host,
      preference,
      addresses: kept,
      skipped: kept.length ? null : 'beyond the address limit',
    });
  }
  if (!hosts.some((h) => h.addresses.length)) {
    return route(
      'no-address',
      hosts,
      warnings,
      `None of the MX hosts of ${domain} has a usable address.`,
    );
  }
  return route('mx', hosts, warnings, null);
}

async function implicitRoute(
  domain: string,
  dns: DnsClient,
  options: RouteOptions,
  limit: number,
  route: (
    kind: MxRoute['kind'],
    hosts: MxHost[],
    warnings: string[],
    reason: string | null,
  ) => MxRoute,
): Promise<MxRoute> {
  let addresses: string[];
  try {
    addresses = await addressesOf(dns, domain, options);
  } catch (error) {
    return route(
      'temp-fail',
      [],
      [],
      `Could not look up the address of ${domain}: ${describeFailure(error, dns)}; try again later.`,
    );
  }
  if (addresses.length === 0) {
    return route(
      'no-address',
      [],
      [],
      `${domain} has neither MX nor address records: there is nowhere to deliver.`,
    );
  }
  const warning = `${domain} has no MX record; using its own address (implicit MX, RFC 5321 §5.1).`;
  return route(
    'implicit',
    [{ host: domain, preference: null, addresses: addresses.slice(0, limit), skipped: null }],
    [warning],
    null,
  );
}
