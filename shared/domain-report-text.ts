import type { CertificateInfo, DomainCheckGroup, EhloInfo, MxProbe } from './domain-report';
import { counted } from './plural';

/** The report's sections, in the order every rendering shows them. */
export const GROUP_TITLE: Record<DomainCheckGroup, string> = {
  mx: 'MX records',
  server: 'Servers',
  policy: 'Policies (MTA-STS, TLS-RPT, DANE)',
  sender: 'Sender domain',
  connection: 'Your sending IP',
};
export const GROUP_ORDER = Object.keys(GROUP_TITLE) as DomainCheckGroup[];

/** The CN of a distinguished name as the engine writes it ("CN=mx.example.com, O=…"). */
export const commonName = (dn: string): string | null =>
  /(?:^|,\s*)CN=([^,]+)/.exec(dn)?.[1]?.trim() ?? null;

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The matrix's cells in words, shared by the terminal report and the Markdown export. */
export function tlsText(p: MxProbe): string {
  const t = p.starttls;
  if (t.ok) return `${t.protocol ?? '?'} ${t.cipher ?? ''}`.trim();
  return t.offered ? `STARTTLS failed: ${t.error ?? '?'}` : 'no STARTTLS';
}

/** "12 days left", "1 day left", "expired 3 days ago". */
export function certificateDays(c: CertificateInfo): string {
  return c.daysLeft < 0
    ? `expired ${counted(-c.daysLeft, 'day')} ago`
    : `${counted(c.daysLeft, 'day')} left`;
}

export function certificateText(c: CertificateInfo): string {
  const days = certificateDays(c);
  const chain = c.chainVerifies ? 'verifies' : `does not verify (${c.chainError})`;
  return `${c.subject}; ${days}; chain ${chain}; name ${c.nameMatches ? 'matches' : 'does not match'}`;
}

export function reverseDnsText(r: NonNullable<MxProbe['reverseDns']>): string {
  if (!r.names.length) return r.error ?? 'no PTR record';
  return `${r.names.join(', ')} (${r.forwardConfirmed ? 'forward-confirmed' : 'not forward-confirmed'})`;
}

/** The extensions that matter for delivery, SIZE with its limit. */
export function capabilitiesText(e: EhloInfo): string {
  if (e.helo) return 'HELO only';
  const size = e.size === null ? null : e.size === 0 ? 'SIZE' : `SIZE ${e.size}`;
  return [
    e.pipelining && 'PIPELINING',
    size,
    e.eightBitMime && '8BITMIME',
    e.smtpUtf8 && 'SMTPUTF8',
    e.startTls && 'STARTTLS',
    e.chunking && 'CHUNKING',
    e.dsn && 'DSN',
    e.requireTls && 'REQUIRETLS',
  ]
    .filter(Boolean)
    .join(' ');
}
