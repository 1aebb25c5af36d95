import type { StsPolicy } from 'mailauth/lib/mta-sts';
import type { Check } from '../../shared/domain-report';
import type { DnsClient } from '../dns/resolver';
import { check, listOf } from './check';
import { type FetchOptions, fetchPolicyFile, type PolicyFetch } from './mta-sts-fetch';

export interface MtaStsFacts {
  /** The v=STSv1 TXT records at _mta-sts.<domain>. */
  records: string[];
  lookupError: string | null;
  fetch: PolicyFetch | null;
  policy: StsPolicy | null;
  policyError: string | null;
}

const txtStrings = (txt: string[][]) => txt.map((r) => r.join(''));
const notFound = (error: unknown) =>
  ['ENOTFOUND', 'ENODATA'].includes((error as { code?: string }).code ?? '');

export async function mtaStsFacts(
  domain: string,
  dns: DnsClient,
  fetchOptions: FetchOptions = {},
): Promise<MtaStsFacts> {
  const facts: MtaStsFacts = {
    records: [],
    lookupError: null,
    fetch: null,
    policy: null,
    policyError: null,
  };
  try {
    const txt = txtStrings(await dns.txt(`_mta-sts.${domain}`));
    facts.records = txt.filter((r) => /^v=STSv1\s*(;|$)/i.test(r.trim()));
  } catch (error) {
    if (!notFound(error)) facts.lookupError = (error as Error).message;
  }
  if (facts.records.length === 0) return facts;
  facts.fetch = await fetchPolicyFile(domain, dns, fetchOptions);
  if (facts.fetch.body !== null) {
    try {
      // Loaded when needed: mailauth and what it pulls in would cost every CLI start ~170 ms.
      const { parsePolicy } = await import('mailauth/lib/mta-sts');
      facts.policy = parsePolicy(facts.fetch.body);
    } catch (error) {
      facts.policyError = (error as Error).message;
    }
  }
  return facts;
}

/** RFC 8461 §4.1: "*.example.com" covers one label more, nothing deeper; the rest is exact. */
export function mxMatches(mx: string, pattern: string): boolean {
  const host = mx.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return host === p;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === p.slice(2);
}

const ONE_DAY = 86_400;

export function mtaStsChecks(domain: string, facts: MtaStsFacts, mxHosts: string[]): Check[] {
  const evidence = [
    ...facts.records.map((r) => `_mta-sts.${domain}. TXT "${r}"`),
    ...(facts.fetch
      ? [
          `GET ${facts.fetch.url}${facts.fetch.address ? ` (${facts.fetch.address})` : ''}: ${facts.fetch.status ?? '—'}${facts.fetch.contentType ? ` ${facts.fetch.contentType}` : ''}`,
          ...(facts.fetch.error ? [facts.fetch.error] : []),
          ...(facts.fetch.body ?? '').split(/\r?\n/).filter(Boolean),
        ]
      : []),
  ];
  const policyCheck = (status: Check['status'], summary: string, hint: string | null = null) =>
    check('policy.mta-sts', 'policy', 'MTA-STS policy', status, summary, { hint, evidence });
  const matchNa = (why: string) =>
    check('policy.mta-sts-mx', 'policy', 'MTA-STS covers the MX hosts', 'na', why);

  if (facts.lookupError)
    return [
      policyCheck('warn', `The _mta-sts record could not be looked up: ${facts.lookupError}.`),
    ];
  if (facts.records.length === 0)
    return [
      policyCheck(
        'na',
        `${domain} publishes no MTA-STS policy: senders use TLS when offered but cannot insist on it.`,
        `To require TLS, publish "v=STSv1; id=…" at _mta-sts.${domain} and the policy at https://mta-sts.${domain}/.well-known/mta-sts.txt.`,
      ),
      matchNa('No MTA-STS policy.'),
    ];
  if (facts.records.length > 1)
    return [
      policyCheck(
        'fail',
        `_mta-sts.${domain} holds ${facts.records.length} v=STSv1 records; senders then ignore the policy (RFC 8461 §3.1).`,
        'Keep exactly one record.',
      ),
      matchNa('The policy is not in force.'),
    ];
  if (!/(^|;)\s*id=[A-Za-z0-9]{1,32}\s*(;|$)/.test(facts.records[0] ?? ''))
    return [
      policyCheck(
        'fail',
        'The _mta-sts record has no valid id= (1 to 32 letters and digits): senders ignore it.',
        'Write it as "v=STSv1; id=20261201T000000".',
      ),
      matchNa('The policy is not in force.'),
    ];
  if (!facts.policy)
    return [
      policyCheck(
        'fail',
        facts.fetch?.error
          ? `The policy announced in DNS could not be fetched: ${facts.fetch.error}.`
          : `The policy file is invalid: ${facts.policyError}.`,
        `Serve it over HTTPS with a valid certificate for mta-sts.${domain}, status 200, as text/plain.`,
      ),
      matchNa('The policy could not be read.'),
    ];

  const { mode, maxAge, mx = [] } = facts.policy;
  const checks: Check[] = [];
  if (mode === 'none')
    checks.push(
      policyCheck(
        'warn',
        'The policy is in mode none: it withdraws MTA-STS.',
        'Use testing, then enforce.',
      ),
    );
  else if (mode === 'testing')
    checks.push(
      policyCheck(
        'warn',
        `The policy is in testing mode (max_age ${maxAge} s): senders report TLS failures but still deliver.`,
        'Switch to mode: enforce once TLS reports are clean.',
      ),
    );
  else if (maxAge < ONE_DAY)
    checks.push(
      policyCheck(
        'warn',
        `The policy enforces TLS, but max_age ${maxAge} s is short: senders forget it within a day.`,
        'Use a max_age of weeks (RFC 8461 suggests 604800 or more).',
      ),
    );
  else
    checks.push(
      policyCheck(
        'ok',
        `The policy enforces TLS with verified certificates (max_age ${maxAge} s).`,
      ),
    );

  if (mode === 'none') checks.push(matchNa('The policy is in mode none.'));
  else {
    const uncovered = mxHosts.filter((host) => !mx.some((p) => mxMatches(host, p)));
    const evidenceMx = [
      ...mx.map((p) => `mx: ${p}`),
      ...mxHosts.map((h) => `${h}: ${uncovered.includes(h) ? 'no pattern matches' : 'matches'}`),
    ];
    checks.push(
      uncovered.length === 0
        ? check(
            'policy.mta-sts-mx',
            'policy',
            'MTA-STS covers the MX hosts',
            'ok',
            `Every MX host matches the policy's mx patterns.`,
            { evidence: evidenceMx },
          )
        : check(
            'policy.mta-sts-mx',
            'policy',
            'MTA-STS covers the MX hosts',
            mode === 'enforce' ? 'fail' : 'warn',
            `${listOf(uncovered)} ${uncovered.length === 1 ? 'matches' : 'match'} no mx pattern of the policy: ${mode === 'enforce' ? 'senders that enforce MTA-STS will not deliver there' : 'senders will report it'}.`,
            {
              hint: "Add the host (or a one-label wildcard) to the policy's mx lines, and change id=.",
              evidence: evidenceMx,
            },
          ),
    );
  }
  return checks;
}
