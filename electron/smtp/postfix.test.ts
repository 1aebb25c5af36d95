import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeMessage } from './message';
import { type PostfixInstance, postfixInstalled, startPostfix } from './test-support/postfix';
import { attempt, wire } from './test-support/session-helpers';

// A real MTA from Debian's packages; .ci/run installs it. Elsewhere the suite says why it skips.
const available = postfixInstalled();
if (!available && process.env.CI)
  throw new Error('CI needs Postfix (apt-get install postfix) and root for this test');

describe.skipIf(!available)('against a real Postfix on 127.0.0.25', () => {
  let postfix: PostfixInstance;
  beforeAll(async () => {
    postfix = await startPostfix();
  }, 30_000);
  afterAll(() => postfix?.stop());

  const send = async (rcptTo: string[], body: Buffer) =>
    attempt(
      postfix.port,
      { transactions: [{ mailFrom: 'sender@mxray.test', rcptTo, message: body }] },
      {
        host: postfix.host,
        servername: 'mx.postfix.test',
        timeouts: {
          banner: 10_000,
          command: 10_000,
          mail: 10_000,
          rcpt: 10_000,
          dataInit: 10_000,
          dataTermination: 10_000,
        },
      },
    );

  it('delivers over STARTTLS with pipelining; the mailbox holds exactly what was composed', async () => {
    const message = await composeMessage({
      from: 'sender@mxray.test',
      to: ['alice@postfix.test'],
      subject: 'to a real MTA',
      text: 'first line\n.\n..two dots\nlast line',
    });
    const result = await send(['alice@postfix.test', 'nobody@postfix.test'], message);
    expect(result.outcome).toBe('accepted');
    expect(result.tls).toMatchObject({
      protocol: expect.stringMatching(/^TLSv1\.[23]$/),
      verified: false,
    });
    expect(result.capabilities).toMatchObject({
      pipelining: true,
      startTls: false,
      smtpUtf8: true,
    });
    expect(wire(result)[0]).toBe('<- 220 mx.postfix.test ESMTP Postfix');
    expect(wire(result)).toEqual(
      expect.arrayContaining([
        '-> STARTTLS',
        '<- 220 2.0.0 Ready to start TLS',
        '~> EHLO client.mxray.test',
      ]),
    );
    expect(
      result.recipients.map((r) => [r.address, r.status, r.reply?.code, r.reply?.enhanced]),
    ).toEqual([
      ['alice@postfix.test', 'delivered', 250, '2.0.0'],
      ['nobody@postfix.test', 'bounced', 550, '5.1.1'],
    ]);
    await expect.poll(async () => (await postfix.delivered()).length, { timeout: 10_000 }).toBe(1);
    const [stored] = await postfix.delivered();
    // Postfix prepends Return-Path/Delivered-To/Received; after them comes our message, unstuffed.
    const text = stored?.toString() ?? '';
    expect(text).toContain('Return-Path: <sender@mxray.test>');
    const original = message.toString().replace(/\r\n/g, '\n');
    expect(text.slice(text.indexOf(original.slice(0, 40)))).toBe(original);
  });
});
