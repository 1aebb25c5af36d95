import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'mxray_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export type AccessVerdict = { ok: true } | { ok: false; status: number; reason: string };

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return null;
}

export function queryToken(req: IncomingMessage): string | null {
  return new URL(req.url ?? '/', 'http://x').searchParams.get('token');
}

/**
 * The web bridge's gate, for page loads and WebSocket upgrades alike. A request passes only
 * with the per-run token (query or cookie), a Host naming this server (against DNS rebinding)
 * and, when the browser sends one, an Origin of this server (against cross-site pages).
 */
export function checkAccess(req: IncomingMessage, token: string, port: number): AccessVerdict {
  const ownHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!ownHosts.includes(req.headers.host ?? '')) {
    return { ok: false, status: 421, reason: 'wrong Host header' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !ownHosts.some((h) => origin === `http://${h}`)) {
    return { ok: false, status: 403, reason: `foreign Origin ${origin}` };
  }
  if (!sameToken(queryToken(req), token) && !sameToken(cookieToken(req), token)) {
    return { ok: false, status: 403, reason: 'missing or wrong token' };
  }
  return { ok: true };
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
