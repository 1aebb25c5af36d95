import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerifyResult } from '../../shared/verify';
import { startDnsServer, type TestDnsServer } from '../dns/test-support/dns-server';
import { startSmtpServer, type TestSmtpServer } from '../smtp/test-support/smtp-server';
import { runCli } from './test-support/run-cli';

// Replies as shared/reply-explanations.test.ts has them from their cited sources: Gmail's "no
// such account" and its 5.7.26 for an unauthenticated sender, and a Postfix with
// reject_rbl_client naming Spamhaus ZEN. Anything else is an unknown user in plain words.
const REFUSALS: Record<string, [number, string]> = {
  gone: [
    550,
    "5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. - gsmtp",
  ],
  unauth: [
    550,
    '5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.',
  ],
  listed: [
    554,
    '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org',
  ],
};

let smtp: TestSmtpServer;
let dns: TestDnsServer;
beforeAll(async () => {
  smtp = await startSmtpServer({
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      const local = address.address.split('@')[0] ?? '';
      if (local === 'alice') return callback();
      const [code, text] = REFUSALS[local] ?? [550, '5.1.1 User unknown'];
      callback(Object.assign(new Error(text), { responseCode: code }));
    },
  });
  dns = await startDnsServer({
    'explained.test': [{ type: 'MX', preference: 10, exchange: 'mx.explained.test' }],
    'mx.explained.test': [{ type: 'A', address: '127.0.0.1' }],
  });
});
afterAll(async () => {
  await smtp?.close();
  await dns?.close();
});

const verify = (...args: string[]) =>
  runCli([
    'verify',
    ...args,
    '--dns',
    dns.address,
    '--port',
    String(smtp.port),
    '--tls',
    'off',
    '--probe-from',
    'probe@mxray.test',
  ]);

describe('mxray verify: a deciding reply a provider rule knows, explained', () => {
  it('--json: each result carries the explanation, and its reason names the provider', async () => {
    const { code, stdout } = await verify(
      'gone@explained.test',
      'unauth@explained.test',
      'listed@explained.test',
      'nobody@explained.test',
      'alice@explained.test',
      '--json',
    );
    expect(code).toBe(0);
    const results = VerifyResult.array().parse(JSON.parse(stdout).results);
    const [gone, unauth, listed, nobody, alice] = results;
    expect(gone).toMatchObject({
      verdict: 'undeliverable',
      reason: expect.stringMatching(/^the mailbox does not exist — Gmail: 550 5\.1\.1 The email/),
      explanation: { provider: 'Gmail', url: expect.stringMatching(/^https:\/\//) },
    });
    expect(unauth).toMatchObject({
      verdict: 'unknown',
      reason: expect.stringMatching(/, not the mailbox — Gmail: 550 5\.7\.26 /),
      explanation: { provider: 'Gmail', meaning: expect.stringMatching(/SPF nor DKIM/) },
    });
    expect(listed).toMatchObject({
      verdict: 'unknown',
      reason: expect.stringMatching(/— Postfix, blocklist zen\.spamhaus\.org: 554 5\.7\.1 /),
      explanation: {
        provider: 'Postfix',
        list: 'zen.spamhaus.org',
        delist: 'https://check.spamhaus.org/',
      },
    });
    // A reply no rule knows keeps its RFC 3463 wording, and an acceptance has nothing to explain.
    expect(nobody).toMatchObject({
      verdict: 'undeliverable',
      reason: 'the mailbox does not exist: 550 5.1.1 User unknown',
    });
    expect(nobody?.explanation).toBeUndefined();
    expect(alice?.verdict).toBe('deliverable');
    expect(alice?.explanation).toBeUndefined();
  });

  it('text: the explanation under the result line, with the list, what to do and the page', async () => {
    const { code, stdout } = await verify('listed@explained.test', 'nobody@explained.test');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('unknown       listed@explained.test  '));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines.slice(at + 1, at + 5)).toEqual([
      expect.stringMatching(/^ {14}Postfix: .*blocklist/),
      '              blocklist: zen.spamhaus.org (delist: https://check.spamhaus.org/)',
      expect.stringMatching(/^ {14}what to do: .+/),
      '              see https://www.postfix.org/postconf.5.html#reject_rbl_client',
    ]);
    const nobody = lines.findIndex((l) => l.startsWith('undeliverable nobody@explained.test  '));
    expect(lines[nobody + 1]).not.toMatch(/^ {14}/);
  });
});
