import { type DnsClient, DnsError } from './resolver';

/** A failed lookup as a sentence names it, with the server that was asked. */
export function describeFailure(error: unknown, dns: DnsClient): string {
  if (error instanceof DnsError) {
    const server = dns.describeServers();
    return {
      servfail: `the DNS server ${server} failed (SERVFAIL)`,
      timeout: `the DNS server ${server} did not answer in time`,
      refused: `the DNS server ${server} refused the query (REFUSED)`,
      unreachable: `nothing answers DNS at ${server} (connection refused: check its address and port)`,
      nxdomain: 'no such name',
      nodata: 'no such record',
      other: `${error.message} (asking ${server})`,
    }[error.failure];
  }
  return error instanceof Error ? error.message : String(error);
}
