import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/contract';
import { RpcCallError } from '../../shared/rpc';
import { createRpcClient, type RpcClient } from '../../shared/rpc-client';
import { createWsClientTransport } from '../../shared/ws-client-transport';
import { createServices, type Services } from '../app/services';
import { createPreloadBridge } from '../preload-bridge';
import { type Bridge, startBridge } from '../web/bridge-server';
import { bridgeSocket } from '../web/test-support/bridge-socket';
import { createIpcPair } from './ipc-pair.test-util';
import { bindIpcTransport } from './ipc-transport';
import { createRpcServer } from './server';

let dataDir: string;
let services: Services;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'mxray-transport-'));
  services = await createServices({ dataDir, runtime: 'web' });
  await services.start();
});
afterEach(async () => {
  await services.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface Harness {
  client: RpcClient;
  close(): Promise<void> | void;
}

async function overIpc(frameUrl = 'mxray://app/index.html'): Promise<Harness> {
  const pair = createIpcPair(frameUrl);
  const server = createRpcServer({
    handlers: services.handlers,
    isTrusted: (s) => s.transport === 'ipc' && s.id === '1' && s.origin === 'mxray://app',
  });
  const unbind = bindIpcTransport(pair.ipcMain, server, services.hub, () => [pair.webContents]);
  const bridge = createPreloadBridge(pair.ipcRenderer);
  const client = createRpcClient({
    call: (channel, payload) => bridge.requests[channel](payload),
    onEvents: (listener) => bridge.onEvents(listener),
  });
  return { client, close: unbind };
}

async function overWebSocket(): Promise<Harness> {
  const bridge: Bridge = await startBridge({
    rendererDir: dataDir,
    handlers: services.handlers,
    hub: services.hub,
  });
  const socket = bridgeSocket(bridge.port, bridge.token);
  const transport = createWsClientTransport(socket);
  return {
    client: createRpcClient(transport),
    close: async () => {
      transport.close();
      await bridge.close();
    },
  };
}

describe.each([
  ['Electron IPC', overIpc],
  ['WebSocket', overWebSocket],
])('contract over %s', (_name, open) => {
  it('round-trips a valid call', async () => {
    const h = await open();
    const info = await h.client.api['app.info']({});
    expect(info).toMatchObject({ name: 'MXray', runtime: 'web', mode: 'sandbox', dataDir });
    const saved = await h.client.api['settings.set']({
      heloName: 'probe.example.net',
      tlsPolicy: 'require',
    });
    expect(saved).toMatchObject({ heloName: 'probe.example.net', tlsPolicy: 'require' });
    expect(await h.client.api['settings.get']({})).toEqual(saved);
    await h.close();
  });

  it('rejects an invalid payload with a clear error and changes nothing', async () => {
    const h = await open();
    const attempt = h.client.api['settings.set']({ connectTimeoutSeconds: 0, heloName: 'a b' });
    await expect(attempt).rejects.toBeInstanceOf(RpcCallError);
    await expect(attempt).rejects.toMatchObject({
      kind: 'invalid-request',
      issues: expect.arrayContaining([
        { path: 'connectTimeoutSeconds', message: 'Connect timeout must be at least 1 second' },
        expect.objectContaining({ path: 'heloName' }),
      ]),
    });
    expect(services.settings.get().connectTimeoutSeconds).toBe(30);
    await h.close();
  });

  it('delivers events from main in batches', async () => {
    const h = await open();
    const batches: EventMessage[][] = [];
    h.client.onBatch((batch) => batches.push(batch));
    await h.client.api['settings.get']({}); // connected
    for (const n of [1, 2, 3]) {
      services.hub.emit('settings.changed', {
        ...services.settings.get(),
        connectTimeoutSeconds: n,
      });
    }
    await expect.poll(() => batches.flat().length).toBe(3);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((e) => e.name)).toEqual([
      'settings.changed',
      'settings.changed',
      'settings.changed',
    ]);
    await h.close();
  });
});

describe('trusted-sender check over IPC', () => {
  it('refuses a frame that is not an MXray page, before any handler runs', async () => {
    const h = await overIpc('https://evil.example/page.html');
    await expect(h.client.api['settings.set']({ mode: 'internet' })).rejects.toMatchObject({
      kind: 'untrusted-sender',
    });
    expect(services.settings.get().mode).toBe('sandbox');
    await h.close();
  });
});
