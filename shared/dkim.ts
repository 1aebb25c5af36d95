import { z } from 'zod';

/** RSA (RFC 6376) or Ed25519 (RFC 8463). */
export const DkimAlgorithm = z.enum(['rsa', 'ed25519']);
export type DkimAlgorithm = z.infer<typeof DkimAlgorithm>;

/** header/body canonicalisation (RFC 6376 §3.4); relaxed/relaxed survives what relays do. */
export const DkimCanonicalization = z.enum([
  'relaxed/relaxed',
  'relaxed/simple',
  'simple/relaxed',
  'simple/simple',
]);
export type DkimCanonicalization = z.infer<typeof DkimCanonicalization>;

/** The RSA sizes MXray generates; an imported key may be 1024 to 8192 bits. */
export const DKIM_RSA_BITS = [2048, 3072, 4096] as const;

/** A header field name as h= lists it (RFC 5322 §3.6.8: printable ASCII except colon). */
const FieldName = z
  .string()
  .regex(/^[\x21-\x39\x3b-\x7e]+$/, 'A header name is printable ASCII without spaces or ":"');

/** How one message is signed: the stored key by id, and the signature's options. */
export const DkimSend = z.object({
  keyId: z.string().min(1).max(64),
  canonicalization: DkimCanonicalization.default('relaxed/relaxed'),
  /** The fields to sign (those present are signed); absent: DKIM_DEFAULT_HEADERS. */
  headers: z.array(FieldName).min(1).max(64).optional(),
});
export type DkimSend = z.infer<typeof DkimSend>;

/**
 * Signed when present (RFC 6376 §5.4.1's list, and what Gmail and Yahoo look at for bulk
 * mail): a field absent from a message is left out of h=.
 */
export const DKIM_DEFAULT_HEADERS = [
  'from',
  'reply-to',
  'sender',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'list-id',
  'list-unsubscribe',
  'list-unsubscribe-post',
] as const;

/**
 * Listed in h= once more than the message has them (RFC 6376 §8.15): a second From added on
 * the way breaks the signature instead of riding along under it.
 */
export const DKIM_OVERSIGNED_HEADERS = ['from'] as const;

/** The DNS record that publishes a key's public half, ready to copy. */
export const DkimTxtRecord = z.object({
  /** selector._domainkey.domain */
  name: z.string(),
  /** The whole value: v=DKIM1; k=rsa; p=… */
  value: z.string(),
  /** The value cut into strings of at most 255 characters, as one TXT record holds them. */
  strings: z.array(z.string()),
  /** One zone-file line: NAME. IN TXT ( "…" "…" ) */
  zone: z.string(),
});
export type DkimTxtRecord = z.infer<typeof DkimTxtRecord>;

/** A stored signing key as anything outside main sees it: never its private half. */
export const DkimKeyInfo = z.object({
  id: z.string(),
  domain: z.string(),
  selector: z.string(),
  algorithm: DkimAlgorithm,
  /** The RSA modulus; 256 for Ed25519. */
  bits: z.number().int(),
  txt: DkimTxtRecord,
  createdAt: z.string(),
  /** "RSA 1024 is weak: …", in sentences. */
  warnings: z.array(z.string()),
});
export type DkimKeyInfo = z.infer<typeof DkimKeyInfo>;

const label = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Why a selector cannot be one (RFC 6376 §3.1: dot-separated labels of letters, digits and
 * inner hyphens), or null. Shared so a form says it before asking main.
 */
export function dkimSelectorProblem(selector: string): string | null {
  if (selector === '') return 'a selector cannot be empty';
  for (const part of selector.split('.')) {
    if (part === '') return 'it has an empty label (two dots in a row, or a dot at an end)';
    if (part.length > 63) return `it has a label of ${part.length} characters; at most 63`;
    if (!label.test(part))
      return `its label "${part}" may hold only letters, digits and inner hyphens`;
  }
  return null;
}

const Domain = z.string().trim().min(1, 'A domain is needed').max(253);
const Selector = z
  .string()
  .trim()
  .max(253)
  .superRefine((v, ctx) => {
    const problem = dkimSelectorProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `Not a DKIM selector: ${problem}` });
  });

export const DkimGenerate = z
  .object({
    domain: Domain,
    selector: Selector,
    algorithm: DkimAlgorithm.default('rsa'),
    /** RSA only: 2048 (the default), 3072 or 4096. */
    bits: z
      .number()
      .int()
      .refine((b) => (DKIM_RSA_BITS as readonly number[]).includes(b), {
        message: `An RSA key is ${DKIM_RSA_BITS.join(', ')} bits`,
      })
      .optional(),
  })
  .strict()
  .refine((g) => g.algorithm === 'rsa' || g.bits === undefined, {
    path: ['bits'],
    message: 'An Ed25519 key has no size to choose',
  });
export type DkimGenerate = z.input<typeof DkimGenerate>;

export const DkimImport = z
  .object({
    domain: Domain,
    selector: Selector,
    /** The private key, PEM (PKCS#8 or PKCS#1), unencrypted. */
    pem: z.string().min(1).max(16_384),
  })
  .strict();
export type DkimImport = z.input<typeof DkimImport>;
