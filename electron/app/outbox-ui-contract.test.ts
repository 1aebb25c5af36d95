import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RpcClient } from '../../shared/rpc-client';
import type { SendRequestInput } from '../../shared/send';
import { openWebClient, type WebClient } from './test-support/web-client';

let dir: string;
let web: WebClient;
let client: RpcClient;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-outbox-ui-'));
  web = await openWebClient(dir);
  client = web.client;
});
afterEach(async () => {
  await web.close();
  await rm(dir, { recursive: true, force: true });
});

const request = (
  to: string,
  extra: Partial<SendRequestInput['session']> = {},
): SendRequestInput => ({
  envelope: { mailFrom: 'ui@mxray.test', rcptTo: [to] },
  message: { from: 'ui@mxray.test', to: [to], subject: 'What the UI needs', text: 'hi' },
  route: { kind: 'mx' },
  session: { helo: 'ui.mxray.test', ...extra },
});

async function done(id: string, timeout = 5000) {
  await expect
    .poll(async () => (await client.api['outbox.get']({ id }))?.status, { timeout })
    .toBe('done');
  return client.api['outbox.get']({ id });
}

describe('what the outbox UI reads through the contract', () => {
  it('a delivery carries its subject, sender, route and the MX path; its attempts join it as they end', async () => {
    await client.api['outbox.pause']({ paused: true });
    const { deliveries } = await client.api['outbox.enqueue'](request('you@failover.sandbox.test'));
    const id = deliveries[0]?.id ?? '';
    await client.api['outbox.follow']({ id });
    await client.api['outbox.pause']({ paused: false });
    const d = await done(id);
    expect(d).toMatchObject({
      subject: 'What the UI needs',
      mailFrom: 'ui@mxray.test',
      routeKind: 'mx',
      server: null,
      quitAfter: null,
    });
    expect(d?.route?.hosts.map((h) => h.host)).toEqual([
      'mx10.failover.sandbox.test',
      'mx20.failover.sandbox.test',
      'mx30.failover.sandbox.test',
    ]);
    // Every window sees the failover path grow one attempt at a time, while it runs.
    const attemptCounts = web.events.flatMap((e) =>
      e.name === 'delivery.changed' && e.payload.delivery.id === id
        ? [e.payload.delivery.attempts.length]
        : [],
    );
    expect(attemptCounts).toEqual(expect.arrayContaining([1, 2, 3]));
    expect(d?.attempts.map((a) => a.n)).toEqual([1, 2, 3]);
  });

  it('streams a followed delivery as one numbered transcript, to the window that follows it only', async () => {
    const other = web.anotherTab();
    await client.api['outbox.pause']({ paused: true });
    const { deliveries } = await client.api['outbox.enqueue'](request('you@failover.sandbox.test'));
    const id = deliveries[0]?.id ?? '';
    expect(await client.api['outbox.follow']({ id })).toEqual({ live: null });
    await client.api['outbox.pause']({ paused: false });
    await done(id);
    const streamed = () =>
      web.events.flatMap((e) =>
        e.name === 'delivery.transcript' && e.payload.id === id ? [e.payload] : [],
      );
    const stored = await client.api['outbox.transcript']({ id });
    await expect.poll(() => streamed().length).toBe(stored.next);
    // The live stream and the stored list are the same lines, with the same numbers.
    expect(streamed().map((e) => e.seq)).toEqual(stored.lines.map((_, i) => i));
    expect(streamed().map((e) => e.line)).toEqual(stored.lines);
    expect(new Set(stored.lines.map((l) => l.attempt))).toEqual(new Set([1, 2, 3]));
    expect(web.events.some((e) => e.name === 'delivery.timing' && e.payload.id === id)).toBe(true);
    // Catching up from a number gives only what follows it.
    const tail = await client.api['outbox.transcript']({ id, after: stored.next - 2 });
    expect(tail).toEqual({ lines: stored.lines.slice(-2), next: stored.next });
    // The other tab follows nothing: it hears that the delivery changed, not its lines.
    expect(other.events.some((e) => e.name === 'delivery.changed')).toBe(true);
    expect(other.events.some((e) => e.name === 'delivery.transcript')).toBe(false);
    expect(other.events.some((e) => e.name === 'delivery.timing')).toBe(false);
  });

  it("a window that follows mid-session gets the session's waterfall so far, then the rest live", {
    timeout: 30_000,
  }, async () => {
    const { deliveries } = await client.api['outbox.enqueue'](request('you@slow.sandbox.test'));
    const id = deliveries[0]?.id ?? '';
    await expect
      .poll(async () => (await client.api['outbox.follow']({ id })).live?.timings.length ?? 0)
      .toBeGreaterThan(0);
    const { live } = await client.api['outbox.follow']({ id });
    // The route's lookup first, then the connection.
    expect(live?.timings[0]?.phase).toBe('dns');
    const caught = await client.api['outbox.transcript']({ id });
    expect(caught.lines.length).toBe(caught.next);
    await done(id, 20_000);
    const all = await client.api['outbox.transcript']({ id });
    // What was asked for and what streamed afterwards leave no line out (the last batch of
    // events may land just after the delivery is done).
    const seen = () =>
      new Set([
        ...caught.lines.map((_, i) => i),
        ...web.events.flatMap((e) =>
          e.name === 'delivery.transcript' && e.payload.id === id ? [e.payload.seq] : [],
        ),
      ]).size;
    await expect.poll(seen).toBe(all.next);
    await client.api['outbox.follow']({ id: null });
  });

  it('outbox.message gives the exact bytes and outbox.request withholds the AUTH password', async () => {
    const { deliveries } = await client.api['outbox.enqueue']({
      ...request('you@ok.sandbox.test'),
      route: { kind: 'server', server: { host: '127.0.0.1', port: 1 } },
      session: {
        helo: 'ui.mxray.test',
        tls: 'off',
        auth: { user: 'me', pass: 'secret' },
        connectTimeoutSeconds: 1,
      },
    });
    const id = deliveries[0]?.id ?? '';
    await expect
      .poll(async () => (await client.api['outbox.get']({ id }))?.status)
      .toBe('deferred');
    const message = await client.api['outbox.message']({ id });
    expect(Buffer.from(message?.base64 ?? '', 'base64').toString()).toContain(
      'Subject: What the UI needs',
    );
    const stored = await client.api['outbox.request']({ id });
    expect(stored?.session.auth).toEqual({ user: 'me', pass: '' });
    expect(JSON.stringify(stored)).not.toContain('secret');
    expect(await client.api['outbox.request']({ id: 'nope' })).toBeNull();
  });

  it('a probe (quit after RCPT) is final once answered: probed or bounced, never DATA, never retried', async () => {
    const { deliveries } = await client.api['outbox.enqueue']({
      ...request('alice@reject.sandbox.test', { quitAfter: 'rcpt' }),
      envelope: {
        mailFrom: 'ui@mxray.test',
        rcptTo: ['alice@reject.sandbox.test', 'carol@reject.sandbox.test'],
      },
    });
    const d = await done(deliveries[0]?.id ?? '');
    expect(d?.recipients.map((r) => [r.address, r.status, r.result?.rcptReply?.code])).toEqual([
      ['alice@reject.sandbox.test', 'probed', 250],
      ['carol@reject.sandbox.test', 'bounced', 550],
    ]);
    expect(d?.quitAfter).toBe('rcpt');
    expect(d?.attempts.map((a) => a.outcome)).toEqual(['quit-after']);
    const { lines: transcript } = await client.api['outbox.transcript']({ id: d?.id ?? '' });
    expect(transcript.some((l) => l.dir === 'out' && l.text === 'DATA')).toBe(false);
    expect(await client.api['sandbox.inbox.list']({})).toEqual([]);
    const stats = await client.api['outbox.stats']({});
    expect(stats.recipients).toMatchObject({ probed: 1, bounced: 1, deferred: 0 });
  });

  it('Settings set the retry policy and the session defaults of what is queued', async () => {
    await client.api['settings.set']({
      retryFirstSeconds: 7,
      connectTimeoutSeconds: 3,
      heloName: 'settings.mxray.test',
    });
    const { deliveries } = await client.api['outbox.enqueue']({
      ...request('you@full.sandbox.test'),
      session: {},
    });
    const id = deliveries[0]?.id ?? '';
    await expect
      .poll(async () => (await client.api['outbox.get']({ id }))?.status)
      .toBe('deferred');
    const d = await client.api['outbox.get']({ id });
    // 452 4.2.2 names no delay, so the first retry comes from Settings.
    const wait = Date.parse(d?.nextAttemptAt ?? '') - Date.now();
    expect(wait).toBeGreaterThan(5000);
    expect(wait).toBeLessThanOrEqual(7000);
    const sent = await client.api['outbox.request']({ id });
    expect(sent?.session).toMatchObject({ helo: 'settings.mxray.test', connectTimeoutSeconds: 3 });
    const { lines: transcript } = await client.api['outbox.transcript']({ id });
    expect(transcript.some((l) => l.text === 'EHLO settings.mxray.test')).toBe(true);
  });
});
