import tls, { type PeerCertificate } from 'node:tls';
import type { CertificateInfo } from '../../shared/domain-report';
import { commonName } from '../../shared/domain-report-text';
import type { TlsDetails } from '../../shared/smtp';

const DAY_MS = 86_400_000;

/** Does the certificate name this host? Node's own RFC 6125 check (wildcards one label deep). */
export function namesHost(cert: NonNullable<TlsDetails['certificate']>, host: string): boolean {
  const peer = {
    subject: { CN: commonName(cert.subject) ?? '' },
    subjectaltname: cert.subjectAltNames.join(', '),
  } as unknown as PeerCertificate;
  return tls.checkServerIdentity(host, peer) === undefined;
}

/** Node reports a name mismatch only once the chain verified; anything else is the chain's. */
const NAME_ERRORS = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'Hostname/IP does not match']);

export function certificateInfo(
  details: TlsDetails,
  host: string,
  now = Date.now(),
): CertificateInfo | null {
  const cert = details.certificate;
  if (!cert) return null;
  const chainError =
    details.verified || NAME_ERRORS.has(details.verifyError ?? '') ? null : details.verifyError;
  return {
    subject: cert.subject,
    subjectAltNames: cert.subjectAltNames,
    issuer: cert.issuer,
    notBefore: cert.validFrom,
    notAfter: cert.validTo,
    daysLeft: Math.floor((Date.parse(cert.validTo) - now) / DAY_MS),
    chainVerifies: chainError === null,
    chainError,
    nameMatches: namesHost(cert, host),
  };
}
