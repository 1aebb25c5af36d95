import { isIP } from 'node:net';
import { generate } from 'selfsigned';
import { selfSignedCert as forNames, type KeyAndCert } from '../self-signed-cert';

export type { KeyAndCert };

/** A self-signed certificate for `name`, as a test MX would present. */
export const selfSignedCert = (name: string): Promise<KeyAndCert> => forNames([name]);

export interface TestCa {
  key: string;
  cert: string;
  /** A leaf for these names (the first is the CN), valid from/until the given dates. */
  issue(names: string[], validity?: { from?: Date; until?: Date }): Promise<KeyAndCert>;
}

/** A private certificate authority, for tests that trust it through `ca`. */
export async function testCa(): Promise<TestCa> {
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
  return {
    key: ca.private,
    cert: ca.cert,
    async issue(names, validity = {}) {
      const leaf = await generate([{ name: 'commonName', value: names[0] ?? 'localhost' }], {
        keyType: 'ec',
        algorithm: 'sha256',
        ca: { key: ca.private, cert: ca.cert },
        notBeforeDate: validity.from,
        notAfterDate: validity.until,
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true },
          {
            name: 'subjectAltName',
            // An IP address is an iPAddress SAN (type 7), anything else a dNSName (type 2).
            altNames: names.map((value) =>
              isIP(value) ? { type: 7, ip: value } : { type: 2, value },
            ),
          },
        ],
      });
      return { key: leaf.private, cert: leaf.cert };
    },
  };
}
