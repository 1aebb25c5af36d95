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

/** Hosts whose documentation we link to; anything else is never opened, even in a browser. */
const externalHosts = new Set(['www.rfc-editor.org', 'datatracker.ietf.org', 'github.com']);

export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && externalHosts.has(parsed.hostname) && !parsed.username;
  } catch {
    return false;
  }
}
