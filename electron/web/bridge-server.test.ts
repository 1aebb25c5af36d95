import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createServices, type Services } from '../app/services';
import { type Bridge, startBridge } from './bridge-server';

let dir: string;
let services: Services;
let bridge: Bridge;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-bridge-'));
  const rendererDir = path.join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>MXray</title>');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the renderer');
  services = await createServices({ dataDir: path.join(dir, 'data'), runtime: 'web' });
  await services.start();
  bridge = await startBridge({ rendererDir, handlers: services.handlers, hub: services.hub });
});
afterAll(async () => {
  await bridge.close();
  await services.close();
  await rm(dir, { recursive: true, force: true });
});

function get(pathAndQuery: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: bridge.port,
          path: pathAndQuery,
          headers: { host: `127.0.0.1:${bridge.port}`, ...headers },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

function openSocket(query: string, headers: Record<string, string> = {}) {
  return new Promise<'open' | number>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/rpc${query}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => {});
  });
}

describe('web bridge access', () => {
  it('listens on 127.0.0.1 only and prints a URL with the token', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a page request without the token, or with a wrong one', async () => {
    const none = await get('/');
    expect(none.status).toBe(403);
    expect(none.body).toMatch(/refused.*token/);
    expect((await get('/?token=guess')).status).toBe(403);
    expect((await get('/', { cookie: 'mxray_token=guess' })).status).toBe(403);
  });

  it('trades the token for an HttpOnly cookie, then serves the page with the CSP', async () => {
    const first = await get(`/?token=${bridge.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(String(first.headers['set-cookie'])).toMatch(
      /^mxray_token=[^;]+; HttpOnly; SameSite=Strict/,
    );
    const page = await get('/', { cookie: `mxray_token=${bridge.token}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>MXray</title>');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
  });

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    const res = await get(`/?token=${bridge.token}`, { host: `evil.example:${bridge.port}` });
    expect(res.status).toBe(421);
  });

  it('never serves files outside the renderer folder', async () => {
    const res = await get('/..%2fsecret.txt', { cookie: `mxray_token=${bridge.token}` });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('outside the renderer');
  });

  it('refuses a socket without the token or from a foreign Origin', async () => {
    expect(await openSocket('')).toBe(403);
    expect(await openSocket('?token=wrong')).toBe(403);
    expect(await openSocket(`?token=${bridge.token}`, { origin: 'https://evil.example' })).toBe(
      403,
    );
    expect(
      await openSocket(`?token=${bridge.token}`, { origin: `http://127.0.0.1:${bridge.port}` }),
    ).toBe('open');
    expect(await openSocket('', { cookie: `mxray_token=${bridge.token}` })).toBe('open');
  });

  it('closes a socket that sends something other than a request frame', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/rpc?token=${bridge.token}`);
    await new Promise((r) => ws.on('open', r));
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.send('not json');
    expect(await closed).toBe(1003);
  });
});
