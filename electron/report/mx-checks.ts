import type { Check, MxProbe } from '../../shared/domain-report';
import type { MxRoute } from '../../shared/mx';
import { looksLikeBlockedPort } from '../smtp/trouble';
import { check, listOf } from './check';

const routeEvidence = (route: MxRoute) =>
  route.hosts.map(
    (h) =>
      `${h.preference === null ? '(implicit)' : `MX ${h.preference}`} ${h.host} → ${h.addresses.join(', ') || '—'}${h.skipped ? ` (skipped: ${h.skipped})` : ''}`,
  );

/** MX sanity (RFC 5321 §5.1, RFC 7505, RFC 2181 §10.3) and the backup MX, from the route. */
export function mxRecordChecks(route: MxRoute): Check[] {
  const evidence = [...routeEvidence(route), ...route.warnings];
  const records = (status: Check['status'], summary: string, hint: string | null = null) =>
    check('mx.records', 'mx', 'MX records', status, summary, { hint, evidence });
  const usable = route.hosts.filter((h) => h.addresses.length > 0);
  const backup = (status: Check['status'], summary: string) =>
    check('mx.backup', 'mx', 'Backup MX', status, summary, { evidence: usable.map((h) => h.host) });
  switch (route.kind) {
    case 'nxdomain':
    case 'null':
    case 'no-address':
    case 'temp-fail':
      return [
        records(
          'fail',
          route.reason ?? `Mail to ${route.domain} cannot be routed.`,
          route.kind === 'null'
            ? 'If the domain should receive mail, replace the "0 ." MX with real MX records.'
            : route.kind === 'temp-fail'
              ? "Check the domain's name servers; try again later."
              : `Publish MX records for ${route.domain} that name hosts with A/AAAA records.`,
        ),
        backup('na', 'No MX host to count.'),
      ];
    case 'implicit':
      return [
        records(
          'warn',
          `${route.domain} has no MX record: senders fall back to its own address (implicit MX, RFC 5321 §5.1).`,
          `Publish an MX record, even "10 ${route.domain}.", to say on purpose where mail goes.`,
        ),
        backup('ok', 'The domain itself takes mail; there is no backup (informational).'),
      ];
  }
  const result = [
    route.warnings.length
      ? records(
          'warn',
          `${route.warnings.length === 1 ? 'One problem' : `${route.warnings.length} problems`} with the MX records: ${route.warnings[0]}`,
          'MX records must name hosts that have A/AAAA records — not IP addresses, not CNAMEs.',
        )
      : records(
          'ok',
          `${route.hosts.length} MX ${route.hosts.length === 1 ? 'host' : 'hosts'}, each with an address.`,
        ),
  ];
  const hosts = new Set(usable.map((h) => h.host));
  result.push(
    hosts.size === 1
      ? backup(
          'ok',
          'One MX host and no backup: senders queue and retry while it is down (informational).',
        )
      : backup('ok', `${hosts.size} MX hosts: ${listOf([...hosts])}.`),
  );
  return result;
}

/** The addresses, or the host names when the addresses do not tell them apart (the sandbox's). */
const named = (probes: MxProbe[]) => {
  const addresses = probes.map((p) => p.address);
  return new Set(addresses).size === addresses.length ? addresses : probes.map((p) => p.host);
};

/** Once every probe is in: does mail have somewhere to go? */
export function reachabilityCheck(probes: MxProbe[]): Check {
  const up = probes.filter((p) => p.reachable);
  const down = probes.filter((p) => !p.reachable);
  const evidence = probes.map(
    (p) => `${p.host} (${p.address}): ${p.reachable ? 'answers' : p.failure}`,
  );
  const make = (status: Check['status'], summary: string, hint: string | null = null) =>
    check('mx.reachable', 'mx', 'MX hosts reachable', status, summary, { hint, evidence });
  if (probes.length === 0) return make('na', 'No MX address to probe.');
  if (up.length === 0)
    return make(
      'fail',
      "No MX address answers with an SMTP greeting: mail to this domain waits in senders' queues.",
      looksLikeBlockedPort(probes)
        ? 'Every address timed out without a word: the network MXray runs on may block outgoing port 25 (many home, office and cloud networks do); try from another network before blaming the domain.'
        : 'Bring one MX up; check firewalls on port 25.',
    );
  if (down.length)
    return make(
      'warn',
      `${down.length} of ${probes.length} MX addresses ${down.length === 1 ? 'does' : 'do'} not answer (${listOf(named(down))}); mail goes to the others.`,
      'Fix or remove the dead MX: every sender first waits for it to time out.',
    );
  return make(
    'ok',
    probes.length === 1
      ? 'The one MX address answers.'
      : `All ${probes.length} MX addresses answer.`,
  );
}
