import { generate } from 'selfsigned';

export interface KeyAndCert {
  key: string;
  cert: string;
}

/** A self-signed certificate for these host names (the first is the subject), as a test MX shows. */
export async function selfSignedCert(names: string[]): Promise<KeyAndCert> {
  const pems = await generate([{ name: 'commonName', value: names[0] ?? 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: names.map((value) => ({ type: 2, value })) }],
  });
  return { key: pems.private, cert: pems.cert };
}
