import { describeFailure } from './failure-text';
import { type DnsClient, DnsError } from './resolver';

/** Why an NXDOMAIN cannot be believed: the route's reason, and who is doubted, as a clause. */
export interface ResolverDoubt {
  reason: string;
  /** "the DNS resolver 127.0.0.1:53 answers NXDOMAIN for everything": the report's summary. */
  doubt: string;
}

const CHECK_SERVERS = 'Check the DNS servers (Settings → DNS, or --dns); mail waits.';

/**
 * Before a domain is called non-existent: do the servers agree, and does the resolver know the
 * top-level domain? Null when the NXDOMAIN stands.
 */
export async function resolverDoubt(dns: DnsClient, domain: string): Promise<ResolverDoubt | null> {
  return (await serversDisagree(dns, domain)) ?? (await tldUnknown(dns, domain));
}

/**
 * With several servers, the first one's NXDOMAIN is all the resolver hears. Each is asked on
 * its own: when one finds the domain that another says does not exist, one of them lies (a
 * captive portal, a filtering or stale server), and nobody can tell which from here. A server
 * that does not answer has no say.
 */
async function serversDisagree(dns: DnsClient, domain: string): Promise<ResolverDoubt | null> {
  const servers = dns.perServer();
  if (servers.length < 2) return null;
  const answers = await Promise.all(
    servers.map(async (server) => {
      const name = server.describeServers();
      try {
        await server.mx(domain);
        return { name, exists: true };
      } catch (error) {
        if (!(error instanceof DnsError)) throw error;
        if (error.failure === 'nodata') return { name, exists: true };
        return { name, exists: error.failure === 'nxdomain' ? false : null };
      }
    }),
  );
  const absent = answers.filter((a) => a.exists === false).map((a) => a.name);
  const present = answers.filter((a) => a.exists === true).map((a) => a.name);
  if (!absent.length || !present.length) return null;
  const says = (names: string[], one: string, many: string) =>
    `${names.join(' and ')} ${names.length === 1 ? one : many}`;
  return {
    reason: `The DNS servers disagree about ${domain}: ${says(absent, 'says', 'say')} it does not exist (NXDOMAIN), ${says(present, 'finds', 'find')} it. One of them cannot be trusted, so MXray cannot tell whether ${domain} exists. ${CHECK_SERVERS}`,
    doubt: `the DNS servers ${[...absent, ...present].join(' and ')} disagree about whether ${domain} exists`,
  };
}

/**
 * A resolver that answers NXDOMAIN for "com" too is broken (a captive portal, a filtering
 * proxy, a misconfigured server), and its NXDOMAIN proves nothing: the mail is deferred, never
 * bounced.
 */
async function tldUnknown(dns: DnsClient, domain: string): Promise<ResolverDoubt | null> {
  const tld = domain.split('.').at(-1) ?? domain;
  if (tld === domain) return null; // a single label: nothing above it to ask
  try {
    await dns.ns(tld);
    return null;
  } catch (error) {
    if (error instanceof DnsError && error.failure === 'nodata') return null;
    const server = dns.describeServers();
    return error instanceof DnsError && error.failure === 'nxdomain'
      ? {
          reason: `Your DNS resolver ${server} answers NXDOMAIN for everything, including the top-level domain "${tld}." — so it cannot tell whether ${domain} exists. ${CHECK_SERVERS}`,
          doubt: `the DNS resolver ${server} answers NXDOMAIN for everything, the top-level domain "${tld}." included`,
        }
      : {
          reason: `The DNS resolver ${server} said ${domain} does not exist, but could not confirm that "${tld}." exists (${describeFailure(error, dns)}); mail waits rather than bounce.`,
          doubt: `the DNS resolver ${server} said ${domain} does not exist but could not confirm that "${tld}." exists`,
        };
  }
}
