import { describe, expect, it } from 'vitest';
import { judgeRcpt } from './verdict';

const reply = (code: number, enhanced: string | null, text: string) => ({ code, enhanced, text });

describe('what an RCPT reply says about a mailbox', () => {
  it.each([
    [reply(250, '2.1.5', '2.1.5 Ok'), 'deliverable'],
    [reply(550, '5.1.1', '5.1.1 User unknown'), 'undeliverable'],
    [reply(550, '5.4.1', '5.4.1 Recipient address rejected: Access denied'), 'undeliverable'],
    [reply(550, '5.7.1', '5.7.1 Client host blocked using Spamhaus'), 'unknown'],
    [reply(552, '5.2.2', '5.2.2 Mailbox full'), 'risky'],
    [reply(452, '4.2.2', '4.2.2 Over quota'), 'risky'],
    [reply(450, '4.7.1', '4.7.1 Greylisted, try again in 300 seconds'), 'unknown'],
    [reply(421, '4.4.2', '4.4.2 Timeout'), 'unknown'],
  ])('%j → %s', (r, verdict) => {
    expect(judgeRcpt(r, false, false).verdict).toBe(verdict);
  });

  it('says "ask again" for greylisting and "fewer at once" for too many recipients', () => {
    expect(judgeRcpt(reply(450, '4.7.1', '4.7.1 Greylisted'), null, false).retry).toBe(
      'greylisted',
    );
    expect(judgeRcpt(reply(452, '4.5.3', '4.5.3 Too many recipients'), null, false).retry).toBe(
      'too-many-recipients',
    );
    expect(judgeRcpt(reply(250, null, 'Ok'), true, false).verdict).toBe('risky');
    expect(judgeRcpt(reply(250, null, 'Ok'), false, true).verdict).toBe('risky');
  });
});

// Real replies, as shared/reply-explanations.test.ts has them from their cited sources.
const GMAIL_NO_USER = reply(
  550,
  '5.1.1',
  "5.1.1 The email account that you tried to reach does not exist. Please try\n5.1.1 double-checking the recipient's email address for typos or\n5.1.1 unnecessary spaces. For more information, go to\n5.1.1  https://support.google.com/mail/?p=NoSuchUser - gsmtp",
);
const GMAIL_UNAUTHENTICATED = reply(
  550,
  '5.7.26',
  '5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail\n5.7.26 requires all senders to authenticate with either SPF or DKIM.',
);
const POSTFIX_ZEN = reply(
  554,
  '5.7.1',
  '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org',
);

describe('a deciding reply a provider rule knows', () => {
  it("carries the explanation, and the reason names the provider before the reply's line", () => {
    const gone = judgeRcpt(GMAIL_NO_USER, false, false);
    expect(gone).toMatchObject({
      verdict: 'undeliverable',
      reason:
        'the mailbox does not exist — Gmail: 550 5.1.1 The email account that you tried to reach does not exist. Please try',
      explanation: { provider: 'Gmail', meaning: expect.stringMatching(/no Gmail account/) },
    });
    const probe = judgeRcpt(GMAIL_UNAUTHENTICATED, false, false);
    expect(probe.verdict).toBe('unknown');
    expect(probe.reason).toMatch(
      /^the server refused the probe itself \(.+\), not the mailbox — Gmail: 550 5\.7\.26 This mail/,
    );
    expect(probe.explanation?.url).toMatch(/^https:\/\/support\.google\.com\//);
  });

  it('a blocklist refusal names the list: the probe was refused, not the mailbox', () => {
    const j = judgeRcpt(POSTFIX_ZEN, null, false);
    expect(j.verdict).toBe('unknown');
    expect(j.reason).toMatch(
      /, not the mailbox — Postfix, blocklist zen\.spamhaus\.org: 554 5\.7\.1 /,
    );
    expect(j.explanation).toMatchObject({
      provider: 'Postfix',
      list: 'zen.spamhaus.org',
      delist: 'https://check.spamhaus.org/',
    });
  });

  it('a generic rule adds its explanation without naming a provider; unknown replies keep their wording', () => {
    const grey = judgeRcpt(
      reply(450, '4.7.1', '4.7.1 Greylisted, try again in 300 seconds'),
      null,
      false,
    );
    expect(grey.reason).toBe(
      'greylisted, ask again later: 450 4.7.1 Greylisted, try again in 300 seconds',
    );
    expect(grey.explanation?.meaning).toMatch(/greylisting/);
    const plain = judgeRcpt(reply(550, '5.1.1', '5.1.1 User unknown'), false, false);
    expect(plain).toEqual({
      verdict: 'undeliverable',
      reason: 'the mailbox does not exist: 550 5.1.1 User unknown',
      retry: null,
    });
    expect(judgeRcpt(reply(250, '2.1.5', '2.1.5 Ok'), false, false).explanation).toBeUndefined();
  });
});
