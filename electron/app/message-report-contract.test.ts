import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MessageReport } from '../../shared/message-report';
import { RpcCallError } from '../../shared/rpc';
import type { RpcClient } from '../../shared/rpc-client';
import type { SendRequestInput } from '../../shared/send';
import { startDnsServer, type TestDnsServer, type Zone } from '../dns/test-support/dns-server';
import { openWebClient, type WebClient } from './test-support/web-client';

/** The sender's world on a loopback DNS: SPF for 127.0.0.1, DMARC p=reject, and DKIM keys. */
const zones: Record<string, Zone> = {
  'brand.test': [{ type: 'TXT', text: 'v=spf1 ip4:127.0.0.1 -all' }],
  '_dmarc.brand.test': [{ type: 'TXT', text: 'v=DMARC1; p=reject' }],
};
let dns: TestDnsServer;
let dir: string;
let web: WebClient;
let client: RpcClient;
beforeAll(async () => {
  dns = await startDnsServer(zones);
});
afterAll(() => dns.close());
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-message-report-'));
  web = await openWebClient(dir);
  client = web.client;
  await client.api['settings.set']({ dnsServers: [dns.address] });
});
afterEach(async () => {
  await web.close();
  await rm(dir, { recursive: true, force: true });
});

const request = (extra: Partial<SendRequestInput> = {}): SendRequestInput => ({
  envelope: { mailFrom: 'bounce@brand.test', rcptTo: ['you@ok.sandbox.test'] },
  message: {
    from: 'News <news@brand.test>',
    to: ['you@ok.sandbox.test'],
    subject: 'Judged',
    text: 'Hello',
  },
  route: { kind: 'mx' },
  session: { helo: 'out.brand.test' },
  ...extra,
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as RpcCallError,
  );

const checkStatus = (report: MessageReport, id: string) =>
  report.checks.find((c) => c.id === id)?.status;

/** A key generated in the app, its record published, a signed message in the sandbox inbox. */
async function signedInInbox(publish = true): Promise<{ id: string; keyDomain: string }> {
  const key = await client.api['dkim.keys.generate']({
    domain: 'brand.test',
    selector: 'mx1',
    algorithm: 'ed25519',
  });
  if (publish) zones[key.txt.name] = [{ type: 'TXT', text: key.txt.value }];
  else delete zones[key.txt.name];
  const before = (await client.api['sandbox.inbox.list']({})).length;
  await client.api['outbox.enqueue'](request({ dkim: { keyId: key.id } }));
  await expect
    .poll(async () => (await client.api['sandbox.inbox.list']({})).length, { timeout: 10_000 })
    .toBe(before + 1);
  const [latest] = await client.api['sandbox.inbox.list']({});
  return { id: latest?.id ?? '', keyDomain: key.domain };
}

describe('message.report through the contract', () => {
  it('judges a signed inbox message as the receiving MX would: DKIM, SPF and DMARC pass, TLS seen', async () => {
    const { id } = await signedInInbox();
    const report = await client.api['message.report']({ source: 'inbox', id });
    expect(report.kind).toBe('received');
    expect(report.source).toEqual({ kind: 'inbox', name: id });
    // What the sandbox server saw of MXray, not a guess.
    expect(report.envelope).toMatchObject({
      ip: '127.0.0.1',
      helo: 'out.brand.test',
      mailFrom: 'bounce@brand.test',
      tlsKnown: true,
    });
    expect(report.envelope.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    const auth = report.authentication;
    expect(auth.dnsServers).toBe(dns.address);
    expect(auth.spf).toMatchObject({ result: 'pass', domain: 'brand.test' });
    expect(auth.dkim.signatures).toEqual([
      expect.objectContaining({
        domain: 'brand.test',
        selector: 'mx1',
        result: 'pass',
        keyType: 'ed25519',
        aligned: true,
      }),
    ]);
    expect(auth.dmarc).toMatchObject({ result: 'pass', policy: 'reject' });
    expect(checkStatus(report, 'connection.tls')).toBe('ok');
  });

  it('says which signature fails and why when the key is not published', async () => {
    const { id } = await signedInInbox(false);
    const report = await client.api['message.report']({ source: 'inbox', id });
    const [signature] = report.authentication.dkim.signatures;
    expect(signature?.result).not.toBe('pass');
    expect(signature?.reason).toMatch(/mx1\._domainkey\.brand\.test/);
    // SPF still aligns, so DMARC passes on it alone.
    expect(report.authentication.dmarc.result).toBe('pass');
  });

  it('judges a draft before sending: composed and signed as the outbox would, its key looked up', async () => {
    const key = await client.api['dkim.keys.generate']({ domain: 'brand.test', selector: 'd1' });
    const report = await client.api['message.report']({
      source: 'draft',
      request: request({ dkim: { keyId: key.id } }),
    });
    expect(report.kind).toBe('draft');
    // The key was generated, not published: the draft says so before anything is sent.
    expect(report.authentication.dkim.signatures).toEqual([
      expect.objectContaining({
        domain: 'brand.test',
        selector: 'd1',
        reason: 'no key published at d1._domainkey.brand.test',
      }),
    ]);
    expect(report.authentication.spf.result).toBe('not-checked');
    expect(report.checks.find((c) => c.id === 'auth.dkim-signed')).toMatchObject({
      status: 'fail',
      hint: expect.stringMatching(/^Publish the key's TXT record at d1\._domainkey\.brand\.test/),
    });
    expect(report.message.subject).toBe('Judged');
    // Nothing was sent: the inbox is as it was.
    expect(await client.api['sandbox.inbox.list']({})).toEqual([]);
  });

  it('refuses with a sentence what it cannot judge, and keeps nothing', async () => {
    const notMessage = await failure(
      client.api['message.report']({ source: 'pasted', raw: '%PDF-1.7 binary stuff' }),
    );
    expect(notMessage).toBeInstanceOf(RpcCallError);
    expect(notMessage?.kind).toBe('bad-input');
    expect(notMessage?.message).toMatch(/^That is not a mail message: /);

    const gone = await failure(
      client.api['message.report']({ source: 'inbox', id: '000000000-abcdef' }),
    );
    expect(gone?.message).toBe('The inbox has no message 000000000-abcdef (deleted?)');

    const probe = await failure(
      client.api['message.report']({
        source: 'draft',
        request: request({ session: { helo: 'out.brand.test', quitAfter: 'rcpt' } }),
      }),
    );
    expect(probe?.message).toBe(
      'A probe that stops after RCPT sends no message: there is nothing to judge',
    );

    const missingKey = await failure(
      client.api['message.report']({
        source: 'draft',
        request: request({ dkim: { keyId: '0123456789abcdef' } }),
      }),
    );
    expect(missingKey?.message).toBe(
      'The DKIM key 0123456789abcdef is not stored (was it deleted?).',
    );
  });

  it('judges a pasted .eml with the envelope the user gives', async () => {
    const raw = [
      'From: news@brand.test',
      'To: you@example.net',
      'Subject: Pasted',
      'Date: Thu, 03 Dec 2026 10:00:00 +0000',
      'Message-ID: <p1@brand.test>',
      '',
      'Hello',
      '',
    ].join('\n');
    const report = await client.api['message.report']({
      source: 'pasted',
      raw,
      ip: '127.0.0.2',
      mailFrom: 'news@brand.test',
    });
    expect(report.source.kind).toBe('pasted');
    // 127.0.0.2 is not in brand.test's SPF record: -all fails it, and DMARC with it.
    expect(report.authentication.spf).toMatchObject({ result: 'fail', ip: '127.0.0.2' });
    expect(report.authentication.dmarc.result).toBe('fail');
  });
});
