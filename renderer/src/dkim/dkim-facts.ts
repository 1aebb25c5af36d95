import type { DkimKeyInfo } from '../../../shared/dkim';

/** Where the key is published, and how people name it: `selector._domainkey.domain`. */
export const keyName = (key: Pick<DkimKeyInfo, 'selector' | 'domain'>) =>
  `${key.selector}._domainkey.${key.domain}`;

/** "RSA 2048" or "Ed25519". */
export const keyKind = (key: Pick<DkimKeyInfo, 'algorithm' | 'bits'>) =>
  key.algorithm === 'ed25519' ? 'Ed25519' : `RSA ${key.bits}`;

/** A domain as DNS compares it: A-labels, lower case, no final dot; null when it is none. */
function asciiDomain(domain: string): string | null {
  const trimmed = domain.trim().replace(/\.$/, '');
  if (!trimmed) return null;
  try {
    return new URL(`http://${trimmed}/`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

const within = (name: string, parent: string) => name === parent || name.endsWith(`.${parent}`);

/**
 * Why DMARC will not count this signature for the From address, or null when it aligns.
 * DMARC's relaxed alignment compares organisational domains; without the public suffix list
 * the same domain, or one a subdomain of the other, is what is checked (d=example.com signs
 * for news.example.com and the other way round).
 */
export function dkimAlignment(fromAddress: string | null, keyDomain: string): string | null {
  if (!fromAddress) return null;
  const fromDomain = asciiDomain(fromAddress.slice(fromAddress.lastIndexOf('@') + 1));
  const signer = asciiDomain(keyDomain);
  if (!fromDomain || !signer) return null;
  if (within(fromDomain, signer) || within(signer, fromDomain)) return null;
  return `DMARC will not align: From is ${fromDomain}, the key signs for ${signer}.`;
}
