import type { MxProbe } from './domain-report';
import { shellQuote } from './swaks-command';

/**
 * The openssl s_client line that opens the same STARTTLS session by hand, to look at the
 * certificate or type SMTP at the server: the address the probe dialled, the MX host as SNI
 * and as the name to verify, CRLF line endings as SMTP wants.
 */
export function opensslCommand(probe: Pick<MxProbe, 'host' | 'address' | 'port'>): string {
  const target = probe.address.includes(':')
    ? `[${probe.address}]:${probe.port}`
    : `${probe.address}:${probe.port}`;
  const host = shellQuote(probe.host);
  return `openssl s_client -connect ${shellQuote(target)} -starttls smtp -servername ${host} -verify_hostname ${host} -crlf`;
}
