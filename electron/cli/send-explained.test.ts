import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../smtp/test-support/smtp-server';
import { runCli } from './test-support/run-cli';

// A Postfix with reject_rbl_client refuses at RCPT, naming the list; a Gmail MX refuses a
// message that fails authentication with its own 5.7.26 wording. The CLI says what each means.
const ZEN = '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org';
const GMAIL =
  '5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.';

let server: TestSmtpServer;

beforeAll(async () => {
  server = await startSmtpServer({
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      const text = address.address.startsWith('listed@')
        ? ZEN
        : address.address.startsWith('gmail@')
          ? GMAIL
          : null;
      if (!text) return callback();
      const error = Object.assign(new Error(text), { responseCode: text === ZEN ? 554 : 550 });
      callback(error);
    },
  });
});
afterAll(async () => {
  await server?.close();
});

const send = (to: string, ...more: string[]) =>
  runCli([
    'send',
    '--from',
    'a@mxray.test',
    '--to',
    to,
    '--server',
    `127.0.0.1:${server.port}`,
    ...more,
  ]);

describe('a refusal a provider rule knows, explained', () => {
  it('--json: a blocklist refusal carries the list, what it means and how to get delisted', async () => {
    const { code, stdout } = await send('listed@example.test', '--json');
    expect(code).toBe(2);
    const [recipient] = JSON.parse(stdout).recipients;
    expect(recipient).toMatchObject({
      status: 'bounced',
      reply: { code: 554, enhanced: '5.7.1' },
      explanation: {
        list: 'zen.spamhaus.org',
        delist: 'https://check.spamhaus.org/',
        meaning: expect.stringMatching(/block ?list/i),
        url: expect.stringMatching(/^https:\/\//),
      },
    });
    expect(recipient.explanation.action).not.toBe('');
  });

  it('text: the explanation under the refusal, with the provider and its page', async () => {
    const { code, stdout } = await send('gmail@example.test');
    expect(code).toBe(2);
    expect(stdout).toContain(
      '=== gmail@example.test: bounced — 550 5.7.26 This mail has been blocked',
    );
    expect(stdout).toMatch(/^=== {3}Gmail: .+$/m);
    expect(stdout).toMatch(/^=== {3}what to do: .+$/m);
    expect(stdout).toMatch(/^=== {3}see https:\/\/.+$/m);
  });

  it('a reply no rule knows keeps its RFC 3463 wording only: no explanation field', async () => {
    const { code, stdout } = await send('someone@example.test', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).recipients[0].explanation).toBeUndefined();
  });
});
