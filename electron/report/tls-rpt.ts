import type { Check } from '../../shared/domain-report';
import type { DnsClient } from '../dns/resolver';
import { check } from './check';

export interface TlsRptFacts {
  records: string[];
  error: string | null;
}

export async function tlsRptFacts(domain: string, dns: DnsClient): Promise<TlsRptFacts> {
  try {
    const txt = (await dns.txt(`_smtp._tls.${domain}`)).map((r) => r.join(''));
    return { records: txt.filter((r) => /^v=TLSRPTv1\s*(;|$)/i.test(r.trim())), error: null };
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    return {
      records: [],
      error: ['ENOTFOUND', 'ENODATA'].includes(code) ? null : (error as Error).message,
    };
  }
}

/** The rua= URIs of a TLS-RPT record (RFC 8460 §3): mailto: or https:, comma-separated. */
export function reportUris(record: string): string[] {
  const rua = /(?:^|;)\s*rua=([^;]*)/i.exec(record)?.[1] ?? '';
  return rua
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
}

/** `tlsPolicy`: MTA-STS or DANE is published, so TLS failures are worth hearing about. */
export function tlsRptCheck(domain: string, facts: TlsRptFacts, tlsPolicy: boolean): Check {
  const evidence = facts.records.map((r) => `_smtp._tls.${domain}. TXT "${r}"`);
  const make = (status: Check['status'], summary: string, hint: string | null = null) =>
    check('policy.tls-rpt', 'policy', 'TLS-RPT', status, summary, { hint, evidence });
  if (facts.error)
    return make('warn', `The _smtp._tls record could not be looked up: ${facts.error}.`);
  if (facts.records.length === 0)
    return make(
      tlsPolicy ? 'warn' : 'na',
      tlsPolicy
        ? 'No TLS-RPT record: senders that fail TLS under your MTA-STS or DANE policy cannot tell you.'
        : 'No TLS-RPT record (optional): senders have nowhere to report TLS failures.',
      `Publish "v=TLSRPTv1; rua=mailto:tls-reports@${domain}" at _smtp._tls.${domain}.`,
    );
  if (facts.records.length > 1)
    return make(
      'fail',
      `${facts.records.length} TLS-RPT records: senders ignore them all (RFC 8460 §3).`,
      'Keep one record.',
    );
  const uris = reportUris(facts.records[0] ?? '');
  const bad = uris.filter((u) => !/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/i.test(u));
  if (uris.length === 0 || bad.length)
    return make(
      'fail',
      uris.length === 0
        ? 'The TLS-RPT record has no rua= to send reports to.'
        : `The TLS-RPT record has ${bad.length === 1 ? 'an invalid report address' : 'invalid report addresses'}: ${bad.join(', ')}.`,
      'Use rua=mailto:address or rua=https://endpoint.',
    );
  return make('ok', `TLS failure reports go to ${uris.join(', ')}.`);
}
