import { normaliseDomain } from '../dns/mx-route';

/** A domain as typed (or an address or URL, from which the domain is taken): normalised, or why not. */
export function parseReportDomain(
  input: string,
  what: 'domain' | 'sender domain',
): { domain: string } | { error: string } {
  const raw = input.trim();
  // Pasted as a URL ("https://example.com/"): the host is meant.
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+)/i.exec(raw)?.[1];
  const candidate = url ?? (raw.includes('@') ? raw.slice(raw.lastIndexOf('@') + 1) : raw);
  const domain = normaliseDomain(candidate);
  if (!domain?.includes('.') || domain.length > 253 || /\.\.|(^|\.)-|-(\.|$)/.test(domain))
    return { error: `"${raw}" is not a ${what} name, like example.com.` };
  return { domain };
}
