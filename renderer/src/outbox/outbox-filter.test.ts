import { describe, expect, it } from 'vitest';
import type { OutboxDelivery } from '../../../shared/outbox';
import { matchesQuery } from './outbox-filter';

const delivery = (status: OutboxDelivery['status'], recipients: OutboxDelivery['recipients']) =>
  ({
    id: 'd1',
    messageId: '<m@mxray.test>',
    domain: 'reject.sandbox.test',
    status,
    createdAt: '2026-12-03T18:00:00.000Z',
    nextAttemptAt: null,
    recipients,
    attempts: [],
    warnings: [],
    subject: 'Quarterly report',
    mailFrom: 'me@mxray.test',
    routeKind: 'mx',
    server: null,
    quitAfter: null,
    route: null,
    session: null,
  }) satisfies OutboxDelivery;

const bounced = delivery('done', [
  {
    address: 'carol@reject.sandbox.test',
    status: 'bounced',
    tries: 1,
    result: {
      address: 'carol@reject.sandbox.test',
      status: 'bounced',
      reply: { code: 550, enhanced: '5.1.1', text: '5.1.1 No such user' },
      rcptReply: { code: 550, enhanced: '5.1.1', text: '5.1.1 No such user' },
      reason: undefined,
    },
  },
]);

describe('the outbox filter', () => {
  it('finds a delivery by its state, its reply code, enhanced code and text, as well as by address', () => {
    for (const query of ['bounced', '550', '5.1.1', 'no such user', 'carol', 'quarterly 550'])
      expect(matchesQuery(bounced, query), query).toBe(true);
    for (const query of ['delivered', '450', 'status:deferred', 'carol 450'])
      expect(matchesQuery(bounced, query), query).toBe(false);
    expect(matchesQuery(bounced, 'status:bounced')).toBe(true);
  });
});
