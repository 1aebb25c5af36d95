import type { MxRoute } from '../../shared/mx';
import type { AttemptRecord, SendRequest } from '../../shared/send';
import type { RecipientResult, TranscriptLine } from '../../shared/smtp';

export type DeliveryStatus = 'queued' | 'sending' | 'deferred' | 'done' | 'cancelled';

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

export const isFinal = (r: RecipientState) =>
  r.status === 'delivered' || r.status === 'bounced' || r.status === 'probed';
