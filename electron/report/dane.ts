import { createHash } from 'node:crypto';
import type { Check, MxProbe } from '../../shared/domain-report';
import type { CertDigests, TlsDetails } from '../../shared/smtp';
import type { DnsClient, TlsaAnswer, TlsaRecord } from '../dns/resolver';
import { check } from './check';

export type TlsaFacts = TlsaAnswer | { error: string };

export const tlsaName = (host: string, port: number) => `_${port}._tcp.${host}`;

export async function tlsaFacts(dns: DnsClient, host: string, port: number): Promise<TlsaFacts> {
  try {
    return await dns.tlsa(tlsaName(host, port));
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const USAGE = ['PKIX-TA', 'PKIX-EE', 'DANE-TA', 'DANE-EE'];
export const describeTlsa = (r: TlsaRecord) =>
  `${r.usage} ${r.selector} ${r.matchingType} ${r.data} (${USAGE[r.usage] ?? 'unknown usage'})`;

/** Does one certificate of the chain match the record's selector and matching type? */
function matchesCert(r: TlsaRecord, c: CertDigests): boolean {
  const sha256 = r.selector === 0 ? c.sha256 : c.spkiSha256;
  const sha512 = r.selector === 0 ? c.sha512 : c.spkiSha512;
  const data = r.data.toLowerCase();
  if (r.matchingType === 1) return data === sha256;
  if (r.matchingType === 2) return data === sha512;
  // Full data: the record holds the DER itself; equal bytes have equal digests.
  if (r.matchingType === 0)
    return createHash('sha256').update(Buffer.from(data, 'hex')).digest('hex') === sha256;
  return false;
}

/** RFC 7672 §3.1: DANE-EE(3) matches the leaf, DANE-TA(2) a certificate above it in the chain. */
export function tlsaMatches(r: TlsaRecord, chain: CertDigests[]): boolean {
  if (r.usage === 3) return chain[0] !== undefined && matchesCert(r, chain[0]);
  if (r.usage === 2) return chain.slice(1).some((c) => matchesCert(r, c));
  return false;
}

/** One check per MX host with TLSA records: do the certificates its addresses present match? */
export function daneCheck(
  host: string,
  port: number,
  facts: TlsaFacts,
  probes: { probe: MxProbe; tls: TlsDetails | null }[],
): Check {
  const name = tlsaName(host, port);
  const records = 'error' in facts ? [] : facts.records;
  const evidence = records.map((r) => `${name}. TLSA ${describeTlsa(r)}`);
  const make = (
    status: Check['status'],
    summary: string,
    hint: string | null = null,
    more: string[] = [],
  ) =>
    check('policy.dane', 'policy', 'DANE (TLSA)', status, summary, {
      hint,
      evidence: [...evidence, ...more],
      subject: host,
    });
  if ('error' in facts) return make('warn', `The TLSA lookup failed: ${facts.error}.`);
  if (records.length === 0)
    return make('na', `No TLSA records at ${name}: DANE is not used for this host.`);
  const usable = records.filter((r) => r.usage === 2 || r.usage === 3);
  if (usable.length === 0)
    return make(
      'warn',
      'The TLSA records use only PKIX-TA/PKIX-EE, which SMTP senders treat as unusable (RFC 7672 §3.1.3).',
      'Publish DANE-EE records: "3 1 1 <SHA-256 of the public key>".',
    );
  const per = probes.map(({ probe, tls }) => {
    const chain = tls?.chain ?? [];
    const ok = chain.length > 0 && usable.some((r) => tlsaMatches(r, chain));
    return {
      probe,
      ok,
      line: `${probe.address}: ${!tls ? 'no TLS session' : ok ? 'certificate matches' : `certificate matches no record (leaf SPKI SHA-256 ${chain[0]?.spkiSha256 ?? '?'})`}`,
    };
  });
  const reached = per.filter((p) => p.probe.reachable);
  const unsigned = facts.authenticated
    ? ''
    : ' The resolver did not mark the answer as DNSSEC-validated, and DANE applies only to signed zones.';
  const lines = per.map((p) => p.line);
  if (reached.length === 0)
    return make(
      'warn',
      `No address of ${host} answered, so the TLSA records could not be compared.${unsigned}`,
      null,
      lines,
    );
  const plain = reached.filter((p) => !p.probe.starttls.ok);
  if (plain.length)
    return make(
      'fail',
      `${plain.map((p) => p.probe.address).join(', ')} ${plain.length === 1 ? 'does' : 'do'} not complete STARTTLS, which DANE requires: DANE senders will not deliver there.${unsigned}`,
      'Offer STARTTLS with the certificate the TLSA records describe.',
      lines,
    );
  const bad = reached.filter((p) => !p.ok);
  if (bad.length)
    return make(
      'fail',
      `${bad.map((p) => p.probe.address).join(', ')} ${bad.length === 1 ? 'presents' : 'present'} a certificate matching none of the TLSA records: DANE senders will not deliver there.${unsigned}`,
      'Publish a TLSA record for the certificate in use (and the next one before rolling over).',
      lines,
    );
  if (!facts.authenticated)
    return make(
      'warn',
      `The certificates match the TLSA records.${unsigned}`,
      'Sign the zone with DNSSEC, or senders ignore these records.',
      lines,
    );
  return make('ok', 'The certificates match the DNSSEC-signed TLSA records.', null, lines);
}
