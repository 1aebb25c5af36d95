import { describe, expect, it } from 'vitest';
import type { OutboxDelivery } from '../../../shared/outbox';
import { explainReply } from '../../../shared/reply-explanations';
import type { Reply } from '../../../shared/smtp';
import { domainCheckRelevant } from '../ui/reply-explanation';
import type { LiveSpot } from './failover-nodes';
import { recipientLabel, recipientSentence, triesText } from './outcome-summary';

type Recipient = OutboxDelivery['recipients'][number];
const recipient = (status: Recipient['status'], tries = 0, reason?: string): Recipient => ({
  address: 'you@slow.sandbox.test',
  status,
  tries,
  result: reason
    ? { address: 'you@slow.sandbox.test', status: 'deferred', reply: null, rcptReply: null, reason }
    : null,
});
const attempt = { n: 1 } as OutboxDelivery['attempts'][number];
const delivery = (
  status: OutboxDelivery['status'],
  attempts: OutboxDelivery['attempts'] = [],
  spot: LiveSpot | null = null,
) => ({ status, attempts, spot });

// The recipient row says what the header and the MX card say (issue 18, point 2).
describe('a recipient row agrees with its delivery', () => {
  it('mid-session: being tried now, with the phase and host, not "not tried yet"', () => {
    const d = delivery('sending', [], { node: 0, phase: 'data', host: 'mx.slow.sandbox.test' });
    expect(recipientLabel(recipient('pending'), d)).toBe('Sending');
    expect(recipientSentence(recipient('pending'), d)).toBe(
      'Being tried now: waiting for the DATA reply at mx.slow.sandbox.test.',
    );
  });

  it('cancelled: nothing more will be tried, whatever the last try said', () => {
    const d = delivery('cancelled', [attempt]);
    expect(recipientLabel(recipient('deferred', 1), d)).toBe('Cancelled');
    expect(recipientSentence(recipient('deferred', 1), d)).toBe(
      'Cancelled; not delivered, and MXray will not try again.',
    );
  });

  it('counts tries only when a server was dialled', () => {
    const nullMx = recipient('bounced', 1, '5.1.10 example.test publishes a null MX');
    expect(triesText(nullMx, delivery('done'))).toBe('not dialled');
    expect(triesText(recipient('delivered', 1), delivery('done', [attempt]))).toBe('1 try');
    expect(triesText(recipient('deferred', 3), delivery('deferred', [attempt]))).toBe('3 tries');
  });
});

describe('an explained refusal', () => {
  const refused = (text: string, enhanced: string, code = 554): Recipient => {
    const reply: Reply = { code, enhanced, text };
    const explanation = explainReply(reply) ?? undefined;
    return {
      address: 'you@blocked.sandbox.test',
      status: code >= 500 ? 'bounced' : 'deferred',
      tries: 1,
      result: {
        address: 'you@blocked.sandbox.test',
        status: code >= 500 ? 'bounced' : 'deferred',
        reply,
        rcptReply: reply,
        ...(explanation ? { explanation } : {}),
      },
    };
  };

  it('leaves the meaning to the explanation; an unknown reply keeps its RFC 3463 wording', () => {
    const spamhaus = refused(
      '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org',
      '5.7.1',
    );
    expect(spamhaus.result?.explanation?.provider).toBe('Postfix');
    expect(recipientSentence(spamhaus, delivery('done', [attempt]))).toBe(
      'Delivery failed for good.',
    );
    const unknown = refused('5.7.1 Go away', '5.7.1');
    expect(unknown.result?.explanation).toBeUndefined();
    expect(recipientSentence(unknown, delivery('done', [attempt]))).toMatch(
      /^Delivery failed for good: .+\.$/,
    );
  });

  it('links the Domain check for blocklists, SPF and DMARC, not for a full mailbox', () => {
    const listed = refused(
      '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org',
      '5.7.1',
    ).result?.explanation;
    const gmail = refused(
      '5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail\n5.7.26 requires all senders to authenticate with either SPF or DKIM.',
      '5.7.26',
      550,
    ).result?.explanation;
    expect(listed && domainCheckRelevant(listed)).toBe(true);
    expect(gmail && domainCheckRelevant(gmail)).toBe(true);
    const full = explainReply({
      code: 452,
      enhanced: '4.2.2',
      text: '4.2.2 The email account that you tried to reach is over quota. Please direct\n4.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaTemp',
    });
    expect(full?.provider).toBe('Gmail');
    expect(full && domainCheckRelevant(full)).toBe(false);
  });
});

describe('an explained greylisting', () => {
  it('keeps the sentence that says a retry will pass', () => {
    const reply: Reply = {
      code: 450,
      enhanced: '4.7.1',
      text: '4.7.1 Greylisted, try again in 30 seconds',
    };
    const explanation = explainReply(reply) ?? undefined;
    expect(explanation).toBeDefined();
    const r: Recipient = {
      address: 'you@greylist.sandbox.test',
      status: 'deferred',
      tries: 1,
      result: {
        address: 'you@greylist.sandbox.test',
        status: 'deferred',
        reply,
        rcptReply: reply,
        explanation,
      },
    };
    expect(recipientSentence(r, delivery('deferred', [attempt]))).toContain('greylisted');
  });
});
