import { isSandboxDomain } from '../../shared/sandbox';
import { hasGlobalIpv6 } from '../dns/ipv6-reach';
import { domainSyntaxProblem, normaliseDomain, resolveRoute } from '../dns/mx-route';
import { createDnsClient } from '../dns/resolver';
import { dnsServersFlag, parseCommandArgs } from './parse';
import { describeRoute } from './route-text';
import { EXIT, UsageError } from './usage-error';

export const mxHelp = `Usage: mxray mx DOMAIN [--dns HOST[:PORT]] [--json]

How mail to DOMAIN would be routed: its MX hosts in the order delivery tries them, each with
its addresses, or why there is nowhere to deliver (null MX, no such domain, DNS trouble).

Options:
  --dns HOST[:PORT]   DNS server to ask instead of the system's; repeatable
  --timeout SECONDS   how long to wait for each DNS answer (default 5)
  --json              one JSON document on stdout
  -h, --help          show this help`;

export async function runMx(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('mx', args, {
    dns: { type: 'string', multiple: true },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    console.log(mxHelp);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new UsageError('mx: give exactly one DOMAIN (see mxray mx --help)');
  const raw = positionals[0] ?? '';
  const problem = domainSyntaxProblem(raw);
  if (problem) throw new UsageError(`mx: ${JSON.stringify(raw)} is not a domain name: ${problem}`);
  const domain = normaliseDomain(raw);
  if (!domain) throw new UsageError(`mx: ${JSON.stringify(raw)} is not a domain name`);
  if (isSandboxDomain(domain))
    throw new UsageError(
      `mx: ${domain} is a sandbox domain, routed inside MXray and never through DNS; mxray sandbox lists its hosts`,
    );
  const timeout = values.timeout === undefined ? 5 : Number(values.timeout);
  if (!(timeout > 0 && timeout <= 60))
    throw new UsageError(`mx: --timeout must be 1 to 60 seconds, not "${values.timeout}"`);
  const servers = dnsServersFlag('mx', values.dns);
  const route = await resolveRoute(
    domain,
    createDnsClient({ servers, timeoutMs: timeout * 1000 }),
    {
      ipv6: hasGlobalIpv6(),
    },
  );
  if (values.json) process.stdout.write(`${JSON.stringify(route, null, 2)}\n`);
  else process.stdout.write(`${describeRoute(route).join('\n')}\n`);
  return EXIT.ok;
}
