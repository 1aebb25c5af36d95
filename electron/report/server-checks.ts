import type { Check, MxProbe } from '../../shared/domain-report';
import { certificateDays, commonName } from '../../shared/domain-report-text';
import { counted } from '../../shared/plural';
import { check } from './check';

/** A banner slower than this is worth a word: tarpitting, or an overloaded server. */
const SLOW_BANNER_MS = 5000;
const EXPIRY_WARN_DAYS = 14;

/** What the domain's policies demand of this host's TLS. */
export interface TlsDemand {
  /** MTA-STS enforce or DANE: senders require TLS and a certificate they accept. */
  required: boolean;
  why: string | null;
}

const subjectOf = (p: MxProbe) => `${p.host} (${p.address})`;

function connectCheck(p: MxProbe): Check {
  const subject = subjectOf(p);
  const evidence = [
    ...(p.banner !== null ? [`<- ${p.reachable ? '220 ' : ''}${p.banner}`] : []),
    `connect ${p.connectMs ?? '—'} ms, banner ${p.bannerMs ?? '—'} ms`,
  ];
  const make = (status: Check['status'], summary: string, hint: string | null = null) =>
    check('server.connect', 'server', 'Connection and banner', status, summary, {
      hint,
      evidence,
      subject,
    });
  if (!p.reachable && p.banner !== null)
    return make(
      'fail',
      `It greets with a refusal: ${p.banner}`,
      'The server turns senders away at once: check its connection limits and access rules.',
    );
  if (!p.reachable)
    return make(
      'fail',
      `No SMTP greeting: ${(p.failure ?? 'unknown failure').replace(/\.$/, '')}.`,
      'Check that port 25 is open to the Internet on this address and the MTA listens there.',
    );
  if ((p.bannerMs ?? 0) > SLOW_BANNER_MS)
    return make(
      'warn',
      `The banner took ${((p.bannerMs ?? 0) / 1000).toFixed(1)} s — tarpitting or overload; impatient senders give up.`,
      'Greet within a few seconds unless the delay is on purpose.',
    );
  return make('ok', `Greets in ${p.bannerMs ?? '?'} ms as ${p.bannerHost ?? '?'}.`);
}

function ehloCheck(p: MxProbe): Check {
  const subject = subjectOf(p);
  const e = p.ehlo;
  const evidence = e ? [`EHLO reply from ${e.name}:`, ...e.keywords.map((k) => `  ${k}`)] : [];
  const make = (status: Check['status'], summary: string, hint: string | null = null) =>
    check('server.ehlo', 'server', 'EHLO capabilities', status, summary, {
      hint,
      evidence,
      subject,
    });
  if (!e) return make('na', 'The session ended before EHLO.');
  if (e.helo)
    return make(
      'warn',
      'EHLO was refused; the server speaks only HELO (no extensions at all).',
      'Enable ESMTP.',
    );
  const size =
    e.size === null ? 'no SIZE' : e.size === 0 ? 'SIZE without a limit' : `SIZE ${e.size} bytes`;
  const missing = [!e.pipelining && 'PIPELINING', !e.eightBitMime && '8BITMIME'].filter(Boolean);
  return make(
    missing.length ? 'warn' : 'ok',
    `${counted(e.keywords.length, 'extension')}, ${size}${missing.length ? `; no ${missing.join(' or ')}, which almost every MTA offers` : ''}.`,
  );
}

function starttlsCheck(p: MxProbe, demand: TlsDemand): Check {
  const subject = subjectOf(p);
  const t = p.starttls;
  const evidence = t.ok ? [`${t.protocol} ${t.cipher}`] : t.error ? [t.error] : [];
  const make = (status: Check['status'], summary: string, hint: string | null = null) =>
    check('server.starttls', 'server', 'STARTTLS', status, summary, { hint, evidence, subject });
  if (!p.reachable) return make('na', 'The server did not answer.');
  if (!t.offered)
    return make(
      demand.required ? 'fail' : 'warn',
      `STARTTLS is not offered: mail travels in clear${demand.required ? `, and ${demand.why} requires TLS, so senders will not deliver` : ''}.`,
      'Enable STARTTLS with a certificate for the MX host name.',
    );
  if (!t.ok)
    return make(
      'fail',
      `STARTTLS is offered but the handshake fails${t.error ? ` (${t.error})` : ''}.`,
      'Check the certificate and key and the TLS versions the server allows.',
    );
  if (/^(SSLv3|TLSv1(\.1)?)$/.test(t.protocol ?? ''))
    return make(
      'warn',
      `TLS works, but only with ${t.protocol}, deprecated by RFC 8996.`,
      'Allow TLS 1.2 and 1.3.',
    );
  return make('ok', `TLS works: ${t.protocol}, ${t.cipher}.`);
}

function certificateCheck(p: MxProbe, demand: TlsDemand): Check {
  const subject = subjectOf(p);
  const c = p.certificate;
  const evidence = c
    ? [
        `subject: ${c.subject}`,
        `names: ${c.subjectAltNames.join(', ') || '(none)'}`,
        `issuer: ${c.issuer}`,
        `valid: ${c.notBefore} to ${c.notAfter} (${certificateDays(c)})`,
        `chain: ${c.chainVerifies ? 'verifies' : `does not verify (${c.chainError})`}`,
        `name ${p.host}: ${c.nameMatches ? 'matches' : 'does not match'}`,
      ]
    : [];
  const make = (status: Check['status'], summary: string, hint: string | null = null) =>
    check('server.certificate', 'server', 'Certificate', status, summary, {
      hint,
      evidence,
      subject,
    });
  if (!c) return make('na', 'No TLS session, so no certificate.');
  const problems = [
    c.daysLeft < 0 && certificateDays(c),
    !c.chainVerifies && c.daysLeft >= 0 && `does not verify (${c.chainError})`,
    !c.nameMatches && `does not name ${p.host}`,
  ].filter((x): x is string => typeof x === 'string');
  if (problems.length)
    return make(
      demand.required ? 'fail' : 'warn',
      `The certificate ${problems.join(' and ')}: ${demand.required ? `${demand.why} makes senders refuse it` : 'senders that verify certificates will not deliver; the rest encrypt without authentication'}.`,
      `Install a certificate from a public CA that names ${p.host}.`,
    );
  if (c.daysLeft < EXPIRY_WARN_DAYS)
    return make(
      'warn',
      `The certificate expires in ${counted(c.daysLeft, 'day')}.`,
      'Renew it now.',
    );
  return make(
    'ok',
    `Valid for ${p.host}, issued by ${commonName(c.issuer) ?? c.issuer}, ${certificateDays(c)}.`,
  );
}

function reverseDnsCheck(p: MxProbe, r: NonNullable<MxProbe['reverseDns']>): Check {
  const evidence = r.names.length
    ? r.names.map((n) => `${p.address} PTR ${n}`)
    : r.error
      ? [r.error]
      : [];
  const make = (status: Check['status'], summary: string, hint: string | null = null) =>
    check('server.rdns', 'server', 'Reverse DNS', status, summary, {
      hint,
      evidence,
      subject: subjectOf(p),
    });
  if (!r.names.length)
    return make(
      'warn',
      `${p.address} has no reverse DNS (${r.error ?? 'no PTR'}).`,
      `Ask whoever runs the address block for a PTR to ${p.host}.`,
    );
  if (!r.forwardConfirmed)
    return make(
      'warn',
      `${p.address} points to ${r.names.join(', ')}, which does not resolve back to it (no FCrDNS).`,
      'Make the PTR name resolve to this address.',
    );
  return make('ok', `${p.address} ↔ ${r.names.join(', ')} (forward-confirmed).`);
}

/** The checks for one finished probe. */
export function serverChecks(p: MxProbe, demand: TlsDemand): Check[] {
  return [
    connectCheck(p),
    ehloCheck(p),
    starttlsCheck(p, demand),
    certificateCheck(p, demand),
    ...(p.reverseDns ? [reverseDnsCheck(p, p.reverseDns)] : []),
  ];
}
