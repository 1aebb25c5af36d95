import { randomUUID } from 'node:crypto';
import type { MxRoute } from '../../shared/mx';
import type { DeliveryStatus } from '../../shared/outbox';
import type { AttemptRecord, SendRequest } from '../../shared/send';
import type { RecipientResult, TranscriptLine } from '../../shared/smtp';
import { domainOfAddress } from '../dns/mx-route';

export type { DeliveryStatus };

export interface RecipientState {
  address: string;
  /** pending: not tried yet; probed: a probe (quit-after) ended its business; else as in RecipientResult. */
  status: 'pending' | 'probed' | RecipientResult['status'];
  /** The latest verdict, with the reply that decided it. */
  result: RecipientResult | null;
  /** How many times this recipient has been tried (a try may span several MX). */
  tries: number;
  nextAttemptAt: number | null;
}

/** One message to one recipient domain (or to one server): what the queue schedules. */
export interface Delivery {
  id: string;
  messageId: string;
  /** The recipient domain for direct delivery; null for a send through a server. */
  domain: string | null;
  status: DeliveryStatus;
  createdAt: number;
  firstAttemptAt: number | null;
  nextAttemptAt: number | null;
  /** When it became done or cancelled (records from before this field lack it). */
  endedAt?: number;
  recipients: RecipientState[];
  attempts: AttemptRecord[];
  transcript: TranscriptLine[];
  warnings: string[];
  /** What the list shows without the message: subject, sender, route. */
  summary: DeliverySummary;
  /** The latest route resolved for the domain (direct delivery), for the failover path. */
  route: MxRoute | null;
}

export interface DeliverySummary {
  subject: string;
  mailFrom: string;
  route: 'mx' | 'server';
  /** HOST:PORT of the relay, for a send through a server. */
  server: string | null;
  /** A probe stops here and sends no message (quit after RCPT, say). */
  quitAfter: SendRequest['session']['quitAfter'];
}

export function summaryOf(request: SendRequest): DeliverySummary {
  const { route } = request;
  return {
    subject: request.message.subject,
    mailFrom: request.envelope.mailFrom,
    route: route.kind,
    server: route.kind === 'server' ? `${route.server.host}:${route.server.port}` : null,
    quitAfter: request.session.quitAfter,
  };
}

/** Whose sessions count together (scheduler.ts): the recipient domain, or the relay. */
export const destinationOf = (d: Pick<Delivery, 'domain' | 'summary'>): string =>
  d.domain ?? d.summary.server ?? '(server)';

export const isFinal = (r: RecipientState) =>
  r.status === 'delivered' || r.status === 'bounced' || r.status === 'probed';

/** A new message's deliveries: one per recipient domain, or one for a send through a server. */
export function newDeliveries(request: SendRequest, messageId: string, now: number): Delivery[] {
  const groups = new Map<string | null, string[]>();
  for (const address of request.envelope.rcptTo) {
    const domain = request.route.kind === 'mx' ? domainOfAddress(address) : null;
    groups.set(domain, [...(groups.get(domain) ?? []), address]);
  }
  return [...groups].map(([domain, addresses]) => ({
    id: randomUUID(),
    messageId,
    domain,
    status: 'queued',
    createdAt: now,
    firstAttemptAt: null,
    nextAttemptAt: now,
    recipients: addresses.map((address) => ({
      address,
      status: 'pending',
      result: null,
      tries: 0,
      nextAttemptAt: now,
    })),
    attempts: [],
    transcript: [],
    warnings: [],
    summary: summaryOf(request),
    route: null,
  }));
}

/**
 * A delivery found 'sending' after a restart: the process stopped mid-session. Recipients
 * stored as decided stay decided; the others are tried again now, and the delivery says the
 * server may already have the message (a kill between the server's 250 and its fsync).
 */
export function interrupted(delivery: Delivery, now: number): void {
  const open = delivery.recipients.filter((r) => !isFinal(r));
  if (!open.length) {
    delivery.status = 'done';
    delivery.nextAttemptAt = null;
    return;
  }
  delivery.status = 'deferred';
  delivery.nextAttemptAt = now;
  delivery.warnings.push(
    'MXray stopped while this delivery was in a session; it is retried, and the server may already have the message.',
  );
  for (const r of open) r.nextAttemptAt = now;
}

/** Every recipient still open bounces for this reason (MXray itself could not go on). */
export function bounceAll(delivery: Delivery, reason: string): void {
  for (const r of delivery.recipients) {
    if (isFinal(r)) continue;
    r.status = 'bounced';
    r.result = { address: r.address, status: 'bounced', reply: null, rcptReply: null, reason };
    r.nextAttemptAt = null;
  }
  delivery.status = 'done';
  delivery.nextAttemptAt = null;
}
