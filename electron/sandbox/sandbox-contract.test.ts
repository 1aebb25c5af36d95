import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RpcClient } from '../../shared/rpc-client';
import type { SendRequestInput } from '../../shared/send';
import { openWebClient, type WebClient } from '../app/test-support/web-client';
import { startDnsServer, type TestDnsServer } from '../dns/test-support/dns-server';
import { startSmtpServer, type TestSmtpServer } from '../smtp/test-support/smtp-server';
import { pageKey } from '../web/access';

let dir: string;
let web: WebClient;
let client: RpcClient;
// A DNS server and an MX host that would answer for example.net: they must hear nothing.
let dns: TestDnsServer;
let mx: TestSmtpServer;

beforeAll(async () => {
  mx = await startSmtpServer({}, '127.0.0.61', 0);
  dns = await startDnsServer({
    'example.net': [{ type: 'MX', preference: 10, exchange: 'mx.example.net' }],
    'mx.example.net': [{ type: 'A', address: '127.0.0.61' }],
  });
});
afterAll(async () => {
  await mx?.close();
  await dns?.close();
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-sandbox-contract-'));
  web = await openWebClient(dir);
  client = web.client;
  await client.api['settings.set']({ dnsServers: [dns.address] });
});
afterEach(async () => {
  await web.close();
  await rm(dir, { recursive: true, force: true });
});

const request = (to: string[], extra: Partial<SendRequestInput> = {}): SendRequestInput => ({
  envelope: { mailFrom: 'ui@mxray.test', rcptTo: to },
  message: { from: 'ui@mxray.test', to, subject: 'through the contract', text: 'hi' },
  route: { kind: 'mx', port: mx.port },
  session: { helo: 'ui.mxray.test' },
  ...extra,
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: Error) => error.message,
  );

describe('sandbox mode', () => {
  it('is the mode of a first start', async () => {
    expect((await client.api['settings.get']({})).mode).toBe('sandbox');
    expect((await client.api['app.info']({})).mode).toBe('sandbox');
  });

  it('refuses a real domain before anything is queued or dialled, saying how to switch', async () => {
    const message = await refusal(client.api['outbox.enqueue'](request(['you@example.net'])));
    expect(message).toBe(
      'you@example.net: example.net is not a sandbox domain. MXray is in Sandbox mode, which delivers only to *.sandbox.test on this machine; switch to Internet mode in Settings to send to real domains.',
    );
    expect(await refusal(client.api['mx.lookup']({ domain: 'example.net' }))).toMatch(
      /^example\.net is not a sandbox domain/,
    );
    const relay = request(['you@example.net'], {
      route: { kind: 'server', server: { host: 'smtp.example.net', port: 587 } },
    });
    expect(await refusal(client.api['outbox.enqueue'](relay))).toMatch(
      /relay smtp\.example\.net needs Internet mode/,
    );
    // A mixed list is refused whole: the sandbox recipient is not sent alone.
    expect(
      await refusal(
        client.api['outbox.enqueue'](request(['a@ok.sandbox.test', 'you@example.net'])),
      ),
    ).toBe(message);
    expect(await client.api['outbox.list']({})).toEqual([]);
    expect(dns.queries).toEqual([]);
    expect(mx.connections()).toBe(0);
  });

  it('holds a relay queued in Internet mode once the mode is Sandbox, dialling nothing', async () => {
    await client.api['outbox.pause']({ paused: true });
    await client.api['settings.set']({ mode: 'internet' });
    const relay = request(['you@example.net'], {
      route: { kind: 'server', server: { host: 'smtp.example.net', port: 587 } },
    });
    const { deliveries } = await client.api['outbox.enqueue'](relay);
    await client.api['settings.set']({ mode: 'sandbox' });
    await client.api['outbox.pause']({ paused: false });
    const id = deliveries[0]?.id ?? '';
    await expect
      .poll(async () => (await client.api['outbox.get']({ id }))?.status)
      .toBe('deferred');
    const d = await client.api['outbox.get']({ id });
    expect(d?.attempts).toEqual([]);
    expect(d?.recipients[0]?.result?.reason).toMatch(
      /relay smtp\.example\.net needs Internet mode/,
    );
    expect(dns.queries).toEqual([]);
  });

  it('delivers to a sandbox domain in either mode without asking DNS', async () => {
    await client.api['outbox.enqueue'](request(['you@ok.sandbox.test']));
    await client.api['settings.set']({ mode: 'internet' });
    await client.api['outbox.enqueue'](request(['me@failover.sandbox.test']));
    await expect
      .poll(async () => (await client.api['outbox.list']({})).map((d) => d.status))
      .toEqual(['done', 'done']);
    expect(dns.queries).toEqual([]);
    const route = await client.api['mx.lookup']({ domain: 'failover.sandbox.test' });
    expect(route.hosts.map((h) => [h.host, h.preference, h.addresses, typeof h.port])).toEqual([
      ['mx10.failover.sandbox.test', 10, ['127.0.0.1'], 'number'],
      ['mx20.failover.sandbox.test', 20, ['127.0.0.1'], 'number'],
      ['mx30.failover.sandbox.test', 30, ['127.0.0.1'], 'number'],
    ]);
  });

  it('in Internet mode, real domains go to DNS and their MX again', async () => {
    await client.api['settings.set']({ mode: 'internet' });
    const { deliveries } = await client.api['outbox.enqueue'](
      request(['you@example.net'], { session: { helo: 'ui.mxray.test', tls: 'off' } }),
    );
    const id = deliveries[0]?.id ?? '';
    await expect.poll(async () => (await client.api['outbox.get']({ id }))?.status).toBe('done');
    expect(dns.queries).toContain('MX example.net');
    expect(mx.received).toHaveLength(1);
  });
});

describe('the sandbox through the contract', () => {
  it('lists the scenarios with their hosts, ports and knobs', async () => {
    const info = await client.api['sandbox.info']({});
    expect(info.running).toBe(true);
    expect(info.scenarios.map((s) => s.domain)).toEqual([
      'ok.sandbox.test',
      'greylist.sandbox.test',
      'failover.sandbox.test',
      'blackhole.sandbox.test',
      'downgrade.sandbox.test',
      'slow.sandbox.test',
      'reject.sandbox.test',
      'catchall.sandbox.test',
      'full.sandbox.test',
      'drop.sandbox.test',
      'nullmx.sandbox.test',
    ]);
    const failover = info.scenarios.find((s) => s.domain === 'failover.sandbox.test');
    expect(failover?.hosts.map((h) => h.behaviour)).toEqual([
      'refuse-connection',
      'greet-421',
      'accept',
    ]);
    expect(info.scenarios.find((s) => s.domain === 'slow.sandbox.test')?.knobs.replyDelayMs).toBe(
      1000,
    );
  });

  it('changes knobs at run time, tells every client, and refuses bad ones next to the field', async () => {
    const scenario = await client.api['sandbox.setKnobs']({
      domain: 'catchall.sandbox.test',
      knobs: { greylistDelaySeconds: 5 },
    });
    expect(scenario.knobs.greylistDelaySeconds).toBe(5);
    await expect
      .poll(() => web.events.find((e) => e.name === 'sandbox.changed')?.payload)
      .toMatchObject({
        scenario: { domain: 'catchall.sandbox.test', knobs: { greylistDelaySeconds: 5 } },
      });
    const bad = await client.api['sandbox.setKnobs']({
      domain: 'catchall.sandbox.test',
      knobs: { rejectRate: 3 },
    }).catch((e: { issues?: unknown }) => e.issues);
    expect(bad).toEqual([{ path: 'knobs.rejectRate', message: 'Reject rate is from 0 to 1' }]);
    expect(
      await refusal(client.api['sandbox.setKnobs']({ domain: 'nope.sandbox.test', knobs: {} })),
    ).toBe('nope.sandbox.test is not a sandbox scenario.');
    const reset = await client.api['sandbox.resetKnobs']({ domain: 'catchall.sandbox.test' });
    expect(reset.knobs.greylistDelaySeconds).toBe(0);
  });

  it('shows what was delivered in the inbox: envelope, parts, attachments and the exact bytes', async () => {
    const { deliveries } = await client.api['outbox.enqueue'](
      request(['you@ok.sandbox.test'], {
        message: {
          from: 'ui@mxray.test',
          to: ['you@ok.sandbox.test'],
          subject: 'Inbox check',
          text: 'Plain body',
          html: '<p>HTML body</p>',
          attachments: [
            { filename: 'a.bin', contentBase64: Buffer.from([0, 1, 2, 255]).toString('base64') },
          ],
        },
      }),
    );
    const id = deliveries[0]?.id ?? '';
    await expect.poll(() => web.events.some((e) => e.name === 'sandbox.received')).toBe(true);
    await expect.poll(async () => (await client.api['outbox.get']({ id }))?.status).toBe('done');
    const [summary] = await client.api['sandbox.inbox.list']({});
    expect(summary).toMatchObject({
      subject: 'Inbox check',
      rcptTo: ['you@ok.sandbox.test'],
      scenario: 'ok.sandbox.test',
    });
    const message = await client.api['sandbox.inbox.get']({ id: summary?.id ?? '' });
    expect(message).toMatchObject({
      text: 'Plain body',
      html: '<p>HTML body</p>',
      mailFrom: 'ui@mxray.test',
    });
    expect(message?.attachments.map((a) => [a.filename, a.size, a.base64])).toEqual([
      ['a.bin', 4, 'AAEC/w=='],
    ]);
    const sent = await client.api['outbox.message']({ id });
    expect(message?.rawBase64).toBe(sent?.base64);
    expect((await client.api['sandbox.info']({})).inboxCount).toBe(1);
    expect(await client.api['sandbox.inbox.delete']({ id: summary?.id ?? '' })).toEqual({
      ok: true,
    });
    expect(await client.api['sandbox.inbox.get']({ id: summary?.id ?? '' })).toBeNull();
  });

  it("serves a message's HTML as a document of its own, behind the same gate", async () => {
    await client.api['outbox.enqueue'](
      request(['you@ok.sandbox.test'], {
        message: {
          from: 'ui@mxray.test',
          to: ['you@ok.sandbox.test'],
          subject: 'Styled',
          text: 'plain',
          html: '<p style="color: red">Red</p>',
          headers: [],
          attachments: [],
        },
      }),
    );
    await expect.poll(async () => (await client.api['sandbox.inbox.list']({})).length).toBe(1);
    const [message] = await client.api['sandbox.inbox.list']({});
    const path = `/sandbox-inbox/${message?.id}.html`;
    const get = (p: string, key = pageKey(web.bridge.token, p)) =>
      fetch(`http://127.0.0.1:${web.bridge.port}${p}?key=${key}`);
    const page = await get(path);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).toContain('img-src data:');
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(await page.text()).toContain('<p style="color: red">Red</p>');
    expect((await get('/sandbox-inbox/0000000aa-000000.html')).status).toBe(404);
    // Even with a valid key, only inbox pages are served: not the store's other files.
    expect((await get('/outbox/journal.html')).status).toBe(404);
    // Each page opens with its own key only: no key, a guess, or another page's key are refused.
    expect((await get(path, '')).status).toBe(403);
    expect((await get(path, 'guess')).status).toBe(403);
    expect(
      (await get(path, pageKey(web.bridge.token, '/sandbox-inbox/0000000aa-000000.html'))).status,
    ).toBe(403);
    expect((await get(path, web.bridge.token)).status).toBe(403);
  });
});
