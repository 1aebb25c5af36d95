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
