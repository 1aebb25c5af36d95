import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PROTOCOL_PREFIX } from '../../shared/web-access';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export type AccessVerdict = { ok: true } | { ok: false; status: number; reason: string };

function same(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The key that opens one document (an inbox message's HTML) and nothing else: a frame's src
 * cannot carry a header, and the token itself must not appear in any URL the bridge serves.
 */
export function pageKey(token: string, pathname: string): string {
  return createHmac('sha256', token).update(pathname).digest('base64url');
}

function protocolToken(req: IncomingMessage): string | null {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',');
  const item = offered.map((p) => p.trim()).find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  return item ? item.slice(TOKEN_PROTOCOL_PREFIX.length) : null;
}

/**
 * Host and Origin, for every request: a Host naming this server (against DNS rebinding) and,
 * when the browser sends one, an Origin of this server (against cross-site pages).
 */
function checkPlace(req: IncomingMessage, port: number): AccessVerdict {
  const ownHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!ownHosts.includes(req.headers.host ?? '')) {
    return { ok: false, status: 421, reason: 'wrong Host header' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !ownHosts.some((h) => origin === `http://${h}`)) {
    return { ok: false, status: 403, reason: `foreign Origin ${origin}` };
  }
  return { ok: true };
}

const refused: AccessVerdict = { ok: false, status: 403, reason: 'missing or wrong token' };

/**
 * The web bridge's gate. What a request may reach:
 * - the app's own files (the shell, scripts, styles): Host and Origin only, as they hold no
 *   data; the page finds its token in the URL fragment;
 * - the contract socket (/rpc): the token as a WebSocket subprotocol;
 * - a document made from the user's data (inbox HTML): that page's key in `?key=`.
 */
export function checkAccess(
  req: IncomingMessage,
  token: string,
  port: number,
  needs: 'nothing' | 'socket' | 'page-key',
): AccessVerdict {
  const place = checkPlace(req, port);
  if (!place.ok || needs === 'nothing') return place;
  if (needs === 'socket') return same(protocolToken(req), token) ? place : refused;
  const url = new URL(req.url ?? '/', 'http://x');
  return same(url.searchParams.get('key'), pageKey(token, url.pathname)) ? place : refused;
}
