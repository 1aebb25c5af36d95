import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/contract';
import type { RpcClient } from '../../shared/rpc-client';
import type { SendRequestInput } from '../../shared/send';
import { openWebClient, type WebClient } from '../app/test-support/web-client';
import { type GreylistServer, startGreylistServer } from '../smtp/test-support/greylist-server';
import { startScriptedServer } from '../smtp/test-support/scripted-server';
import { startSmtpServer } from '../smtp/test-support/smtp-server';

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
    const { lines: transcript } = await client.api['outbox.transcript']({ id });
    expect(new Set(transcript.map((l) => l.attempt))).toEqual(new Set([1, 2]));
    const statuses = () =>
      events.flatMap((e) => (e.name === 'delivery.changed' ? [e.payload.delivery.status] : []));
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
    await expect(
      client.api['outbox.enqueue']({
        ...request(),
        envelope: { mailFrom: 'ui@mxray.test', rcptTo: ['not an address'] },
      }),
    ).rejects.toMatchObject({
      kind: 'invalid-request',
      issues: [{ path: 'envelope.rcptTo.0', message: 'Must be an address like name@example.com' }],
    });
    const withBadHeader = request();
    withBadHeader.message.headers = [{ name: 'X-Evil', value: 'a\r\nBcc: x@y.test' }];
    await expect(client.api['outbox.enqueue'](withBadHeader)).rejects.toMatchObject({
      kind: 'invalid-request',
      message: expect.stringContaining('A header value cannot contain a line break or NUL'),
    });
    expect(await client.api['outbox.list']({})).toEqual([]);
    expect(grey.received).toHaveLength(0);
  });
});

describe('a delivery through a relay, seen through the contract', () => {
  it('gives each recipient its verdict, a transcript that summarises the body, and the exact bytes', async () => {
    const smtp = await startSmtpServer();
    try {
      const { messageId, deliveries } = await client.api['outbox.enqueue']({
        ...request(),
        envelope: {
          mailFrom: 'ui@mxray.test',
          rcptTo: ['rcpt@example.test', 'nobody@example.test'],
        },
        route: { kind: 'server', server: { host: '127.0.0.1', port: smtp.port } },
      });
      const id = deliveries[0]?.id ?? '';
      await client.api['outbox.follow']({ id });
      await expect.poll(async () => (await client.api['outbox.get']({ id }))?.status).toBe('done');
      const d = await client.api['outbox.get']({ id });
      expect(d?.recipients.map((r) => [r.address, r.status, r.result?.reply?.enhanced])).toEqual([
        ['rcpt@example.test', 'delivered', null],
        ['nobody@example.test', 'bounced', '5.1.1'],
      ]);
      expect(d?.attempts).toMatchObject([
        { n: 1, ip: '127.0.0.1', port: smtp.port, outcome: 'accepted' },
      ]);
      const { lines } = await client.api['outbox.transcript']({ id });
      expect(lines.map((l) => l.text)).toEqual(
        expect.arrayContaining(['EHLO ui.mxray.test', 'DATA', 'QUIT']),
      );
      const timings = () =>
        events.flatMap((e) => (e.name === 'delivery.timing' ? [e.payload.timing.phase] : []));
      await expect
        .poll(timings)
        .toEqual(
          expect.arrayContaining(['connect', 'banner', 'ehlo', 'mail', 'rcpt', 'data', 'body']),
        );
      // The transcript summarises the body; the exact bytes are a request away.
      const body = lines.find((l) => l.phase === 'body' && l.bytes !== undefined);
      expect(body?.text).toMatch(/Subject: queued[\s\S]*\[message body: \d+ bytes in all\]$/);
      const message = await client.api['outbox.message']({ id });
      expect(message?.messageId).toBe(messageId);
      expect(Buffer.from(message?.base64 ?? '', 'base64').toString()).toBe(
        smtp.received[0]?.body.toString(),
      );
    } finally {
      await smtp.close();
    }
  });

  it('says where a running session is, and cancels it: nothing more is tried', async () => {
    const stalled = await startScriptedServer(async (c) => {
      c.reply('220 slow ESMTP');
      await c.line();
      c.reply('250 slow');
      await c.line(); // MAIL FROM: never answered
      await c.closed();
    });
    try {
      const { deliveries } = await client.api['outbox.enqueue']({
        ...request(),
        route: { kind: 'server', server: { host: '127.0.0.1', port: stalled.port } },
        session: { helo: 'ui.mxray.test', tls: 'off', pipelining: false },
      });
      const id = deliveries[0]?.id ?? '';
      await expect
        .poll(async () => (await client.api['outbox.get']({ id }))?.session?.phase)
        .toBe('mail');
      expect(await client.api['outbox.cancel']({ id })).toEqual({ ok: true });
      await expect
        .poll(async () => (await client.api['outbox.get']({ id }))?.attempts[0]?.outcome)
        .toBe('cancelled');
      const d = await client.api['outbox.get']({ id });
      expect(d?.status).toBe('cancelled');
      expect(await client.api['outbox.cancel']({ id })).toEqual({ ok: false });
    } finally {
      await stalled.close();
    }
  });
});
