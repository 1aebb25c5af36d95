import { normaliseDomain } from '../dns/mx-route';

/** A domain as typed (or an address, from which the domain is taken): normalised, or why not. */
export function parseReportDomain(
  input: string,
  what: 'domain' | 'sender domain',
): { domain: string } | { error: string } {
  const raw = input.trim();
  const candidate = raw.includes('@') ? raw.slice(raw.lastIndexOf('@') + 1) : raw;
  const domain = normaliseDomain(candidate);
  if (!domain?.includes('.') || domain.length > 253 || /\.\.|(^|\.)-|-(\.|$)/.test(domain))
    return { error: `"${raw}" is not a ${what} name, like example.com.` };
  return { domain };
}
