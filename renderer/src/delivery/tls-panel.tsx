import type { TlsDetails } from '../../../shared/smtp';

/** DevTools' Security tab: protocol, cipher, the certificate, and whether it verified. */
export function TlsPanel({ tls }: { tls: TlsDetails | null }) {
  if (!tls) {
    return (
      <p className="section-empty">
        No attempt used TLS: the server did not offer STARTTLS, or TLS was off.
      </p>
    );
  }
  const cert = tls.certificate;
  const rows: [string, string][] = [
    ['Protocol', tls.protocol ?? '—'],
    ['Cipher', tls.cipher ?? '—'],
    ['Server name asked for', tls.servername ?? '—'],
    [
      'Verification',
      tls.verified
        ? 'Verified: the chain is trusted and matches the name'
        : `Not verified (${tls.verifyError ?? 'unknown reason'})`,
    ],
  ];
  if (cert) {
    rows.push(
      ['Subject', cert.subject],
      ['Alternative names', cert.subjectAltNames.join(', ') || '—'],
      ['Issuer', cert.issuer],
      ['Valid from', cert.validFrom],
      ['Valid until', cert.validTo],
      ['SHA-256 fingerprint', cert.fingerprint256],
    );
  }
  return (
    <dl className="tls-panel" aria-label="TLS details">
      {rows.map(([k, v]) => (
        <div key={k} className={k === 'Verification' ? (tls.verified ? 'ok' : 'warn') : undefined}>
          <dt>{k}</dt>
          <dd className="mono">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
