import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/contract';
import type { RpcClient } from '../../shared/rpc-client';
import type { SendRequestInput } from '../../shared/send';
import { openWebClient, type WebClient } from '../app/test-support/web-client';
import { startScriptedServer } from '../smtp/test-support/scripted-server';
import { startSmtpServer, type TestSmtpServer } from '../smtp/test-support/smtp-server';

let dir: string;
let web: WebClient;
let client: RpcClient;
let smtp: TestSmtpServer;
let events: EventMessage[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-send-'));
  web = await openWebClient(dir);
  client = web.client;
  events = web.events;
  smtp = await startSmtpServer();
});
afterEach(async () => {
  await smtp.close();
  await web.close();
  await rm(dir, { recursive: true, force: true });
});

const request = (
  port: number,
  extra: Partial<SendRequestInput['session']> = {},
): SendRequestInput => ({
  envelope: { mailFrom: 'ui@mxray.test', rcptTo: ['rcpt@example.test', 'nobody@example.test'] },
  message: { from: 'ui@mxray.test', to: ['rcpt@example.test'], subject: 'from the UI', text: 'hi' },
  route: { kind: 'server', server: { host: '127.0.0.1', port } },
  session: { helo: 'ui.mxray.test', tls: 'off', ...extra },
});

describe('sending through the contract', () => {
  it('starts a send and streams its transcript, timings and report as events', async () => {
    const { id, messageId } = await client.api['send.start'](request(smtp.port));
    expect(messageId).toMatch(/^<[0-9a-f-]+@mxray\.test>$/);
    await expect.poll(() => events.some((e) => e.name === 'send.done')).toBe(true);
    const done = events.find((e) => e.name === 'send.done');
    expect(done?.name === 'send.done' && done.payload).toMatchObject({
      id,
      report: {
        messageId,
        recipients: [
          { address: 'rcpt@example.test', status: 'delivered' },
          {
            address: 'nobody@example.test',
            status: 'bounced',
            reply: { code: 550, enhanced: '5.1.1' },
          },
        ],
        attempts: [{ n: 1, ip: '127.0.0.1', port: smtp.port, outcome: 'accepted' }],
      },
    });
    const lines = events.flatMap((e) =>
      e.name === 'send.transcript' && e.payload.id === id ? [e.payload.line] : [],
    );
    expect(lines.map((l) => l.text)).toEqual(
      expect.arrayContaining(['EHLO ui.mxray.test', 'DATA', 'QUIT']),
    );
    expect(
      events
        .filter((e) => e.name === 'send.timing')
        .map((e) => e.name === 'send.timing' && e.payload.timing.phase),
    ).toEqual(
      expect.arrayContaining(['connect', 'banner', 'ehlo', 'mail', 'rcpt', 'data', 'body']),
    );
    expect(smtp.received).toHaveLength(1);
    expect(await client.api['send.info']({ id })).toBeNull();
    // The transcript summarises the body; the exact bytes are a request away.
    const body = lines.find((l) => l.phase === 'body' && l.bytes !== undefined);
    expect(body?.text).toMatch(/Subject: from the UI[\s\S]*\[message body: \d+ bytes in all\]$/);
    const message = await client.api['send.message']({ id });
    expect(message?.messageId).toBe(messageId);
    expect(Buffer.from(message?.base64 ?? '', 'base64').toString()).toBe(
      smtp.received[0]?.body.toString(),
    );
  });

  it('reports where a send is, and cancels it', async () => {
    const stalled = await startScriptedServer(async (c) => {
      c.reply('220 slow ESMTP');
      await c.line();
      c.reply('250 slow');
      await c.line(); // MAIL FROM: never answered
      await c.closed();
    });
    const { id } = await client.api['send.start'](request(stalled.port, { pipelining: false }));
    await expect.poll(async () => (await client.api['send.info']({ id }))?.phase).toBe('mail');
    expect(await client.api['send.cancel']({ id })).toEqual({ cancelled: true });
    await expect.poll(() => events.some((e) => e.name === 'send.done')).toBe(true);
    const done = events.find((e) => e.name === 'send.done');
    expect(done?.name === 'send.done' && done.payload.report.attempts[0]?.outcome).toBe(
      'cancelled',
    );
    expect(await client.api['send.cancel']({ id })).toEqual({ cancelled: false });
    await stalled.close();
  });

  it('refuses bad input with a sentence, and sends nothing', async () => {
    await expect(
      client.api['send.start']({
        ...request(smtp.port),
        envelope: { mailFrom: 'ui@mxray.test', rcptTo: ['not an address'] },
      }),
    ).rejects.toMatchObject({
      kind: 'invalid-request',
      issues: [{ path: 'envelope.rcptTo.0', message: 'Must be an address like name@example.com' }],
    });
    const withBadHeader = request(smtp.port);
    withBadHeader.message.headers = [{ name: 'X-Evil', value: 'a\r\nBcc: x@y.test' }];
    await expect(client.api['send.start'](withBadHeader)).rejects.toMatchObject({
      kind: 'invalid-request',
      message: expect.stringContaining('A header value cannot contain a line break or NUL'),
    });
    expect(smtp.received).toHaveLength(0);
  });
});
