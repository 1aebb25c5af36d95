import { describe, expect, it } from 'vitest';
import type { OutboxDelivery } from '../../../shared/outbox';
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
