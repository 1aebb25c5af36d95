import { createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { DKIM_RSA_BITS, type DkimAlgorithm, type DkimTxtRecord } from '../../shared/dkim';
import { DkimError, parseDkimPrivateKey } from './dkim-sign';

/** A private key in PEM and what its TXT record publishes. */
export interface DkimKeyPair {
  privateKeyPem: string;
  algorithm: DkimAlgorithm;
  bits: number;
  /** The p= value: base64 of the SubjectPublicKeyInfo (RSA) or the raw 32 bytes (Ed25519). */
  publicKey: string;
  warnings: string[];
}

/** A new key from node:crypto: RSA 2048 (or 3072, 4096) or Ed25519, PKCS#8 PEM. */
export async function generateDkimKey(
  algorithm: DkimAlgorithm = 'rsa',
  bits = 2048,
): Promise<DkimKeyPair> {
  if (algorithm === 'rsa' && !(DKIM_RSA_BITS as readonly number[]).includes(bits))
    throw new DkimError(`An RSA key is ${DKIM_RSA_BITS.join(', ')} bits, not ${bits}.`);
  // Off the main thread: a 4096-bit key takes seconds.
  const privateKeyPem = await new Promise<string>((resolve, reject) => {
    const done = (error: Error | null, _publicPem: string, privatePem: string) =>
      error ? reject(error) : resolve(privatePem);
    const encoding = {
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    } as const;
    if (algorithm === 'ed25519') generateKeyPair('ed25519', encoding, done);
    else
      generateKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001, ...encoding }, done);
  });
  return describeDkimKey(privateKeyPem);
}

/** An existing PEM private key, checked (dkim-sign.ts's errors) and its public half derived. */
export function describeDkimKey(privateKeyPem: string): DkimKeyPair {
  const { key, algorithm, bits, warnings } = parseDkimPrivateKey(privateKeyPem);
  return { privateKeyPem, algorithm, bits, publicKey: publicKeyValue(key), warnings };
}

/** The p= tag's value for a private key (RFC 6376 §3.6.1; RFC 8463 §4.2 for Ed25519). */
export function publicKeyValue(privateKey: KeyObject): string {
  const publicKey = createPublicKey(privateKey);
  if (publicKey.asymmetricKeyType === 'ed25519') {
    const jwk = publicKey.export({ format: 'jwk' });
    return Buffer.from(jwk.x ?? '', 'base64url').toString('base64');
  }
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}

/** A TXT record holds its value as strings of at most 255 octets (RFC 1035 §3.3.14). */
const TXT_STRING = 255;

/** The record to publish: its name, the value whole, cut into strings, and as a zone-file line. */
export function dkimTxtRecord(
  domain: string,
  selector: string,
  algorithm: DkimAlgorithm,
  publicKey: string,
): DkimTxtRecord {
  const name = `${selector}._domainkey.${domain}`;
  const value = `v=DKIM1; k=${algorithm}; p=${publicKey}`;
  const strings: string[] = [];
  for (let i = 0; i < value.length; i += TXT_STRING) strings.push(value.slice(i, i + TXT_STRING));
  const zone = `${name}. IN TXT ( ${strings.map((s) => `"${s}"`).join(' ')} )`;
  return { name, value, strings, zone };
}
