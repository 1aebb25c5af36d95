import type { TLSSocket } from 'node:tls';
import type { TlsDetails } from '../../shared/smtp';

const dn = (name: Record<string, string | string[]> | undefined) =>
  name
    ? Object.entries(name)
        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
        .join(', ')
    : '';

/** What the TLS panel shows: protocol, cipher, the peer certificate and whether it verifies. */
export function tlsDetails(socket: TLSSocket, servername: string | null): TlsDetails {
  const cert = socket.getPeerCertificate();
  const hasCert = cert && Object.keys(cert).length > 0;
  const error = socket.authorizationError;
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: socket.getCipher()?.standardName ?? socket.getCipher()?.name ?? null,
    verified: socket.authorized,
    verifyError: socket.authorized ? null : error ? String(error) : 'certificate not verified',
    servername,
    certificate: hasCert
      ? {
          subject: dn(cert.subject as unknown as Record<string, string>),
          subjectAltNames: (cert.subjectaltname ?? '').split(/,\s*/).filter(Boolean),
          issuer: dn(cert.issuer as unknown as Record<string, string>),
          validFrom: new Date(cert.valid_from).toISOString(),
          validTo: new Date(cert.valid_to).toISOString(),
          fingerprint256: cert.fingerprint256,
        }
      : null,
  };
}

/** One line for the transcript. */
export function describeTls(details: TlsDetails): string {
  const verdict = details.verified
    ? `certificate verified for ${details.servername ?? 'the address'}`
    : `certificate NOT verified (${details.verifyError})`;
  return `TLS started: ${details.protocol ?? '?'} ${details.cipher ?? '?'}; ${verdict}`;
}
