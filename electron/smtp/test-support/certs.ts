import { generate } from 'selfsigned';
import { selfSignedCert as forNames, type KeyAndCert } from '../../sandbox/sandbox-cert';

export type { KeyAndCert };

/** A self-signed certificate for `name`, as a test MX would present. */
export const selfSignedCert = (name: string): Promise<KeyAndCert> => forNames([name]);

/** A private CA and a certificate it signed for `name`: verifies when the CA is trusted. */
export async function caSignedCert(name: string): Promise<KeyAndCert & { ca: string }> {
  const ca = await generate([{ name: 'commonName', value: 'MXray Test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        critical: true,
      },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: name }] },
    ],
  });
  return { key: leaf.private, cert: leaf.cert, ca: ca.cert };
}
