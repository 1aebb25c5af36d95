import { explanationPages } from '../../shared/reply-explanations';

/** The scheme and host the packaged renderer is served from (see app-protocol.ts). */
export const APP_SCHEME = 'mxray';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Pages allowed to load in (and to call) an MXray window. */
export function isAppUrl(url: string, devServer?: string): boolean {
  try {
    const parsed = new URL(url);
    if (`${parsed.protocol}//${parsed.host}` === APP_ORIGIN) return true;
    return devServer !== undefined && parsed.origin === new URL(devServer).origin;
  } catch {
    return false;
  }
}

/**
 * The documentation MXray links to, by exact origin and path prefix; anything else is never
 * opened, even in the user's browser (a link in a mail's HTML, say).
 */
const externalPrefixes = ['https://www.rfc-editor.org/rfc/', 'https://datatracker.ietf.org/doc/'];
/** The pages a refusal's explanation links to (providers' documentation, delisting), exactly. */
const explanationLinks = explanationPages();

export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password || parsed.port) return false;
    const normalised = `${parsed.origin}${parsed.pathname}`;
    return (
      externalPrefixes.some((prefix) => normalised.startsWith(prefix)) ||
      explanationLinks.has(parsed.href)
    );
  } catch {
    return false;
  }
}
