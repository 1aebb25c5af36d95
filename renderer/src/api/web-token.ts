import { tokenOfUrl } from '../../../shared/web-access';

const STORAGE_KEY = 'mxray.token';

/**
 * The web bridge's token for this tab. The URL `mxray web` prints carries it after '#'; it is
 * moved into sessionStorage (this tab only, gone when the tab closes) and out of the address
 * bar, so a reload keeps working and the token is not left in history or a copied link.
 * Call once, before anything reads location.hash for routing.
 */
export function takeWebToken(): string | null {
  const fromUrl = tokenOfUrl(window.location.href);
  if (fromUrl) {
    sessionStorage.setItem(STORAGE_KEY, fromUrl);
    window.history.replaceState(null, '', `${window.location.pathname}#/`);
  }
  return sessionStorage.getItem(STORAGE_KEY);
}

/** The tab's token was refused: drop it, so a reload does not try it again. */
export function forgetWebToken(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

const toBase64Url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The key that opens one data page (access.ts `pageKey`): HMAC-SHA256(token, path). */
export async function pageKey(token: string, pathname: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(token),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return toBase64Url(await crypto.subtle.sign('HMAC', key, encoder.encode(pathname)));
}
