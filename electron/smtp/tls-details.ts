import { createHash, X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import type { CertDigests, TlsDetails } from '../../shared/smtp';

const dn = (name: Record<string, string | string[]> | undefined) =>
  name
    ? Object.entries(name)
        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
        .join(', ')
    : '';

const digest = (algorithm: string, data: Buffer) =>
  createHash(algorithm).update(data).digest('hex');

/** The presented chain, leaf first, as DANE compares it: whole certificate and public key. */
function chainDigests(socket: TLSSocket): CertDigests[] {
  const out: CertDigests[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert?.raw && !seen.has(cert.fingerprint256) && out.length < 10) {
    seen.add(cert.fingerprint256);
    const spki = new X509Certificate(cert.raw).publicKey.export({ type: 'spki', format: 'der' });
    out.push({
      subject: dn(cert.subject as unknown as Record<string, string>),
      sha256: digest('sha256', cert.raw),
      sha512: digest('sha512', cert.raw),
      spkiSha256: digest('sha256', spki),
      spkiSha512: digest('sha512', spki),
    });
    cert = cert.issuerCertificate;
  }
  return out;
}

/** What the TLS panel shows: protocol, cipher, the peer certificate and whether it verifies. */
export function tlsDetails(
  socket: TLSSocket,
  servername: string | null,
  withChain = false,
): TlsDetails {
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
    // Hashing the chain is for DANE checks only; deliveries do not pay for it.
    ...(withChain ? { chain: hasCert ? chainDigests(socket) : [] } : {}),
  };
}

/** The transcript's note as the handshake begins: at connect (implicit TLS) or after STARTTLS. */
export function describeTlsStart(implicit: boolean, servername: string | null): string {
  const sni = servername ? ` (SNI ${servername})` : '';
  return `${implicit ? 'Starting TLS at once (implicit TLS)' : 'Starting TLS'}${sni}`;
}

/** One line for the transcript. */
export function describeTls(details: TlsDetails): string {
  const verdict = details.verified
    ? `certificate verified for ${details.servername ?? 'the address'}`
    : `certificate NOT verified (${details.verifyError})`;
  return `TLS started: ${details.protocol ?? '?'} ${details.cipher ?? '?'}; ${verdict}`;
}
