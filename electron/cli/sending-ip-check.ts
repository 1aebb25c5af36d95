import net from 'node:net';
import { createDnsClient } from '../dns/resolver';
import { checkBlocklists, DEFAULT_BLOCKLIST_TIMEOUT_MS } from '../report/dnsbl';
import { blocklistText } from './blocklist-printer';
import { EXIT, UsageError } from './usage-error';

/** Some list could not say (no answer, or it refused this resolver) and none lists the IP. */
export const EXIT_BLOCKLIST_UNKNOWN = EXIT.deferred;

/**
 * `mxray check --sending-ip IP`: the IP against the IP blocklists, the sender domain (when given)
 * against the domain lists. Exit 2 when listed, 3 when some list could not say, else 0.
 */
export async function runSendingIpCheck(options: {
  ip: string;
  senderDomain: string | null;
  servers: string[];
  timeoutMs?: number;
  json: boolean;
}): Promise<number> {
  const ip = options.ip.trim();
  if (!net.isIP(ip))
    throw new UsageError(`check: --sending-ip must be an IPv4 or IPv6 address, not "${ip}"`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_BLOCKLIST_TIMEOUT_MS;
  // Two tries within the timeout, so c-ares gives up about when the report does.
  const dns = createDnsClient({
    servers: options.servers,
    timeoutMs: Math.ceil(timeoutMs / 2),
    tries: 2,
  });
  const report = await checkBlocklists(
    { ip, ...(options.senderDomain ? { domain: options.senderDomain } : {}) },
    dns,
    { timeoutMs },
  );
  process.stdout.write(
    options.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : blocklistText(report, dns.describeServers()),
  );
  const statuses = report.results.map((r) => r.status);
  if (statuses.includes('listed')) return EXIT.checkFailed;
  if (statuses.includes('unknown') || statuses.includes('refused')) return EXIT_BLOCKLIST_UNKNOWN;
  return EXIT.ok;
}
