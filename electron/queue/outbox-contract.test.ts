import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/contract';
import type { RpcClient } from '../../shared/rpc-client';
import type { SendRequestInput } from '../../shared/send';
import { openWebClient, type WebClient } from '../app/test-support/web-client';
import { type GreylistServer, startGreylistServer } from '../smtp/test-support/greylist-server';

let dir: string;
let web: WebClient;
let client: RpcClient;
let events: EventMessage[];
let grey: GreylistServer;

async function open() {
  web = await openWebClient(dir);
  client = web.client;
  events = web.events;
}

async function shut() {
  await web.close();
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-outbox-contract-'));
  grey = await startGreylistServer(500, (a) => a.startsWith('grey@'));
  await open();
});
afterEach(async () => {
  await shut();
  await grey.close();
  await rm(dir, { recursive: true, force: true });
});

const request = (): SendRequestInput => ({
  envelope: { mailFrom: 'ui@mxray.test', rcptTo: ['grey@example.test', 'white@example.test'] },
  message: {
    from: 'ui@mxray.test',
    to: ['grey@example.test', 'white@example.test'],
    subject: 'queued',
    text: 'hi',
  },
  route: { kind: 'server', server: { host: '127.0.0.1', port: grey.port } },
  session: { helo: 'ui.mxray.test', tls: 'off' },
});

describe('the outbox through the contract', () => {
  it('queues, reports the deferral with its countdown, retries and delivers, with stats and transcripts', async () => {
    const { messageId, deliveries } = await client.api['outbox.enqueue'](request());
    const id = deliveries[0]?.id ?? '';
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.session).toBeNull();
    await expect
      .poll(async () => (await client.api['outbox.get']({ id }))?.status)
      .toBe('deferred');
    const deferred = await client.api['outbox.get']({ id });
    expect(Date.parse(deferred?.nextAttemptAt ?? '') - Date.now()).toBeLessThanOrEqual(1000);
    expect(deferred?.recipients.map((r) => r.status)).toEqual(['deferred', 'delivered']);
    expect(await client.api['outbox.stats']({})).toMatchObject({
      recipients: { delivered: 1, deferred: 1, bounced: 0 },
    });

    await expect
      .poll(async () => (await client.api['outbox.get']({ id }))?.status, { timeout: 5000 })
      .toBe('done');
    const stats = await client.api['outbox.stats']({});
    expect(stats).toMatchObject({
      paused: false,
      recipients: { delivered: 2, deferred: 0 },
      perDomain: { '(server)': { delivered: 2 } },
    });
    expect(stats.latencyMs.p50).toBeGreaterThanOrEqual(0);
    const transcript = await client.api['outbox.transcript']({ id });
    expect(new Set(transcript.map((l) => l.attempt))).toEqual(new Set([1, 2]));
    const statuses = () =>
      events.flatMap((e) => (e.name === 'outbox.changed' ? [e.payload.delivery.status] : []));
    await expect.poll(statuses).toContain('done');
    expect(statuses()).toEqual(expect.arrayContaining(['sending', 'deferred', 'done']));
    expect(
      grey.received.map((m) => m.body.toString().includes(`Message-ID: ${messageId}`)),
    ).toEqual([true, true]);
  });

  it('keeps the outbox across a restart of the app, and pauses on request', async () => {
    expect(await client.api['outbox.pause']({ paused: true })).toEqual({ paused: true });
    const { deliveries } = await client.api['outbox.enqueue'](request());
    const id = deliveries[0]?.id ?? '';
    await shut();
    await open();
    expect((await client.api['outbox.list']({})).map((d) => d.id)).toEqual([id]);
    await expect
      .poll(async () => (await client.api['outbox.get']({ id }))?.status, { timeout: 5000 })
      .toBe('done');
  });

  it('refuses a bad message with a sentence and queues nothing', async () => {
    const bad = request();
    bad.message.attachments = [{ filename: 'a.txt', contentBase64: 'YQ==' }];
    bad.message.rawText = true;
    await expect(client.api['outbox.enqueue'](bad)).rejects.toMatchObject({
      kind: 'bad-input',
      message: 'A body sent as given cannot be combined with HTML or attachments.',
    });
    expect(await client.api['outbox.list']({})).toEqual([]);
  });
});
