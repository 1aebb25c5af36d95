import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wsProtocols } from '../../shared/web-access';
import { createServices, type Services } from '../app/services';
import { pageKey } from './access';
import { type Bridge, startBridge } from './bridge-server';
import { bridgeSocket, socketAnswer } from './test-support/bridge-socket';

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

describe('web bridge access', () => {
  it('listens on 127.0.0.1 only and prints a URL with the token after #, never sent to a server', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/#token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the app shell with the CSP and sets no cookie', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>MXray</title>');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a foreign Host (DNS rebinding), for pages and sockets alike', async () => {
    expect((await get('/', { host: `evil.example:${bridge.port}` })).status).toBe(421);
    expect(
      await socketAnswer(bridge.port, {
        protocols: wsProtocols(bridge.token),
        headers: { host: `evil.example:${bridge.port}` },
      }),
    ).toBe(421);
  });

  it('never serves files outside the renderer folder, nor data pages without their key', async () => {
    const res = await get('/..%2fsecret.txt');
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('outside the renderer');
    expect((await get('/%E0%A4%A.html')).status).toBe(403);
    const key = pageKey(bridge.token, '/..%2fsecret.txt');
    expect((await get(`/..%2fsecret.txt?key=${key}`)).status).toBe(404);
  });

  it('opens the socket only with the token as a subprotocol, from its own Origin or none', async () => {
    const port = bridge.port;
    expect(await socketAnswer(port)).toBe(403);
    expect(await socketAnswer(port, { protocols: wsProtocols('wrong') })).toBe(403);
    expect(await socketAnswer(port, { headers: { cookie: `mxray_token=${bridge.token}` } })).toBe(
      403,
    );
    expect(await socketAnswer(port, { path: `/rpc?token=${bridge.token}` })).toBe(403);
    expect(
      await socketAnswer(port, {
        protocols: wsProtocols(bridge.token),
        headers: { origin: 'http://127.0.0.1:8080' },
      }),
    ).toBe(403);
    expect(
      await socketAnswer(port, {
        protocols: wsProtocols(bridge.token),
        headers: { origin: `http://127.0.0.1:${port}` },
      }),
    ).toBe('open');
    expect(await socketAnswer(port, { protocols: wsProtocols(bridge.token) })).toBe('open');
  });

  it('answers with the plain protocol name, never echoing the token', async () => {
    const ws = bridgeSocket(bridge.port, bridge.token);
    await new Promise((r) => ws.on('open', r));
    expect(ws.protocol).toBe('mxray');
    ws.close();
  });

  it('closes a socket that sends something other than a request frame', async () => {
    const ws = bridgeSocket(bridge.port, bridge.token);
    await new Promise((r) => ws.on('open', r));
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.send('not json');
    expect(await closed).toBe(1003);
  });
});
