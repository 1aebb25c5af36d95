import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { ParsedHeader } from 'mailauth/lib/dkim/dkim-signer';
import {
  DKIM_DEFAULT_HEADERS,
  DKIM_OVERSIGNED_HEADERS,
  type DkimAlgorithm,
  type DkimCanonicalization,
  dkimSelectorProblem,
} from '../../shared/dkim';
import { domainSyntaxProblem, normaliseDomain } from '../dns/mx-route';
import { withCrlfLines } from '../smtp/data-block';

/** A signing input the user can fix: a bad PEM, a key of the wrong kind, a name that is not one. */
export class DkimError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DkimError';
  }
}

/** What signing needs of a key: where its public half is published, and the private half. */
export interface DkimSigningKey {
  domain: string;
  selector: string;
  privateKeyPem: string;
}

export interface DkimSignOptions {
  canonicalization?: DkimCanonicalization;
  /** Field names to sign when present; default DKIM_DEFAULT_HEADERS. From is required. */
  headers?: readonly string[];
  /** Listed once more than present (RFC 6376 §8.15); default DKIM_OVERSIGNED_HEADERS. */
  oversign?: readonly string[];
  /** The t= tag; default now. */
  signTime?: Date;
}

export interface DkimSigned {
  /** The DKIM-Signature field, then the message with every line break CRLF. */
  message: Buffer;
  /** The DKIM-Signature field as added (folded, no final CRLF). */
  signature: string;
  algorithm: 'rsa-sha256' | 'ed25519-sha256';
  domain: string;
  selector: string;
  /** Sentences: a key that works but should be replaced (RSA under 2048 bits). */
  warnings: string[];
}

/** A private key MXray can sign with, as node:crypto reads it. */
export interface DkimPrivateKey {
  key: KeyObject;
  algorithm: DkimAlgorithm;
  /** The RSA modulus; 256 for Ed25519. */
  bits: number;
  warnings: string[];
}

/** RFC 8301 §3.2: verifiers may refuse anything under 1024 bits; 2048 is what to publish. */
const RSA_MIN_BITS = 1024;
const RSA_GOOD_BITS = 2048;

/**
 * Read a PEM private key and check it can sign DKIM: RSA (at least 1024 bits; under 2048 a
 * warning) or Ed25519. Errors say what is wrong in a sentence and never quote the key.
 */
export function parseDkimPrivateKey(pem: string): DkimPrivateKey {
  const text = pem.trim();
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(text))
    throw new DkimError(
      'The DKIM private key is encrypted with a passphrase; give it unencrypted (openssl pkey -in KEY -out PLAIN), in a file only you can read.',
    );
  if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) {
    if (/-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE)-----/.test(text))
      throw new DkimError(
        'This is a public key or a certificate; DKIM signs with the private key (a PEM block that starts "-----BEGIN PRIVATE KEY-----").',
      );
    throw new DkimError(
      'This is not a PEM private key: expected a block that starts "-----BEGIN PRIVATE KEY-----" (or "-----BEGIN RSA PRIVATE KEY-----").',
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch {
    // Node's reason ("DECODER routines::unsupported") helps no one; the key is never quoted.
    throw new DkimError(
      'The PEM private key cannot be read: its base64 or its structure is damaged.',
    );
  }
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return { key, algorithm: 'ed25519', bits: 256, warnings: [] };
  if (type !== 'rsa') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const what =
      type === 'rsa-pss'
        ? 'an RSA-PSS key (DKIM signs with plain RSA, PKCS#1 v1.5)'
        : `a ${String(type).toUpperCase()} key${curve ? ` (${curve})` : ''}`;
    throw new DkimError(`A DKIM key is RSA or Ed25519 (RFC 8463); this is ${what}.`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < RSA_MIN_BITS)
    throw new DkimError(
      `This RSA key has ${bits} bits; receivers ignore DKIM keys under ${RSA_MIN_BITS} (RFC 8301).`,
    );
  const warnings =
    bits < RSA_GOOD_BITS
      ? [
          `The RSA key has ${bits} bits: receivers still accept it (RFC 8301's minimum is ${RSA_MIN_BITS}), but it is weak and some count it against the sender; use ${RSA_GOOD_BITS} bits or more.`,
        ]
      : [];
  return { key, algorithm: 'rsa', bits, warnings };
}

/**
 * The signing domain (d=) and selector (s=), checked as DNS names and normalised (IDN to
 * A-labels, lower case): `selector._domainkey.domain` is where the key is published.
 */
export function dkimNames(domain: string, selector: string): { domain: string; selector: string } {
  const domainProblem = domainSyntaxProblem(domain);
  const ascii = normaliseDomain(domain);
  if (domainProblem || !ascii)
    throw new DkimError(
      `"${domain}" is not a signing domain: ${domainProblem ?? 'it is not a DNS name'}.`,
    );
  if (!ascii.includes('.'))
    throw new DkimError(`"${domain}" is not a signing domain: it has a single label.`);
  const trimmed = selector.trim();
  const selectorProblem = dkimSelectorProblem(trimmed);
  if (selectorProblem)
    throw new DkimError(`"${selector}" is not a DKIM selector: ${selectorProblem}.`);
  const name = `${trimmed}._domainkey.${ascii}`;
  if (name.length > 253)
    throw new DkimError(`${name} is ${name.length} characters long; a DNS name holds at most 253.`);
  return { domain: ascii, selector: trimmed.toLowerCase() };
}

/** The h= list, lower-cased, each once; refused without From. */
export function dkimSignedFields(headers: readonly string[]): string[] {
  const fields = [...new Set(headers.map((h) => h.trim().toLowerCase()).filter(Boolean))];
  for (const field of fields)
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(field))
      throw new DkimError(`"${field}" is not a header field name.`);
  if (!fields.includes('from'))
    throw new DkimError('The signed headers must include From (RFC 6376 §5.4).');
  return fields;
}

const casedName = (field: string) =>
  field.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());

/**
 * mailauth's signer puts each present header in h= once and has no oversigning; it builds h=
 * from the `casedKey` of the headers it signs and hashes their `line`. Appending the extra
 * names to the casedKey of the last header it lists (the topmost signed one) makes h= end
 * with them while the hashed bytes stay the same: an h= entry with no header left to match
 * adds nothing to the hash on either side (RFC 6376 §5.4.2), so verifiers agree.
 */
function oversign(parsed: ParsedHeader[], fields: string[], extra: readonly string[]) {
  const topmost = parsed.find((h) => fields.includes(h.key));
  if (!topmost || extra.length === 0) return;
  topmost.casedKey = [topmost.casedKey, ...extra.map(casedName)].join(': ');
}

type SignerClass = typeof import('mailauth/lib/dkim/dkim-signer').DkimSigner;
let signerClass: Promise<{
  Signer: SignerClass;
  write: typeof import('mailauth/lib/tools').writeToStream;
}> | null = null;

/** mailauth, loaded on the first signature (no cost to a CLI run that signs nothing). */
function loadSigner() {
  signerClass ??= Promise.all([
    import('mailauth/lib/dkim/dkim-signer'),
    import('mailauth/lib/tools'),
  ]).then(([{ DkimSigner }, { writeToStream }]) => ({ Signer: DkimSigner, write: writeToStream }));
  return signerClass;
}

/**
 * Sign composed message bytes with mailauth's DKIM signer. The message's line breaks are
 * made CRLF first (as DATA will send them), so the body the receiver hashes is the one signed.
 */
export async function dkimSign(
  message: Buffer,
  signingKey: DkimSigningKey,
  options: DkimSignOptions = {},
): Promise<DkimSigned> {
  const { domain, selector } = dkimNames(signingKey.domain, signingKey.selector);
  const key = parseDkimPrivateKey(signingKey.privateKeyPem);
  const fields = dkimSignedFields(options.headers ?? DKIM_DEFAULT_HEADERS);
  const extra = (options.oversign ?? DKIM_OVERSIGNED_HEADERS).map((h) => h.toLowerCase());
  const crlf = withCrlfLines(message);
  const { Signer, write } = await loadSigner();
  const signer = new (class extends Signer {
    override messageHeaders(headers: { parsed: ParsedHeader[] }) {
      oversign(headers.parsed, fields, extra);
      return super.messageHeaders(headers);
    }
  })({
    canonicalization: options.canonicalization ?? 'relaxed/relaxed',
    signTime: options.signTime ?? new Date(),
    headerList: fields.join(':'),
    signatureData: [
      { signingDomain: domain, selector, privateKey: signingKey.privateKeyPem.trim() },
    ],
  });
  await write(signer, crlf);
  const failure = signer.errors[0]?.err;
  const signature = signer.signatureHeaders[0];
  if (failure || !signature)
    throw new DkimError(
      `The message could not be DKIM-signed: ${failure?.message ?? 'it has no header block'}.`,
    );
  return {
    message: Buffer.concat([Buffer.from(`${signature}\r\n`), crlf]),
    signature,
    algorithm: key.algorithm === 'rsa' ? 'rsa-sha256' : 'ed25519-sha256',
    domain,
    selector,
    warnings: key.warnings,
  };
}
