import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { SendRequest } from '../../shared/send';
import { composeMessage } from '../smtp/message';
import type { SessionPlan } from '../smtp/phases';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../smtp/timeouts';

export interface PreparedSend {
  messageId: string;
  message: Buffer | null;
  plan: SessionPlan;
  timeouts: Timeouts;
}

/** The name we announce when none is configured: this machine's host name. */
export function defaultHeloName(): string {
  const name = os.hostname();
  return /^[A-Za-z0-9.-]+$/.test(name) ? name : 'localhost';
}

/**
 * Turn a validated SendRequest into what a session needs: the composed message (unless we
 * stop before DATA), the session plan and the timeouts. Bad content throws MessageError or
 * CommandArgumentError before any connection is made.
 */
/** The identity a message keeps across retries and restarts: its Message-ID and Date. */
export interface MessageIdentity {
  messageId: string;
  date: Date;
}

export function newIdentity(request: SendRequest): MessageIdentity {
  const domain = /@([^@]+)$/.exec(request.envelope.mailFrom)?.[1] ?? 'mxray.localhost';
  return { messageId: `<${randomUUID()}@${domain}>`, date: new Date() };
}

export async function prepareSend(
  request: SendRequest,
  identity = newIdentity(request),
): Promise<PreparedSend> {
  const { message: m, session } = request;
  const { messageId } = identity;
  const stopsBeforeData = session.quitAfter !== null && session.quitAfter !== 'data';
  const message = stopsBeforeData
    ? null
    : await composeMessage({
        from: m.from,
        to: m.to,
        cc: m.cc,
        subject: m.subject,
        text: m.text,
        rawText: m.rawText,
        html: m.html,
        headers: m.headers,
        attachments: m.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.contentBase64, 'base64'),
        })),
        messageId,
        date: identity.date,
      });
  return preparedFor(request, messageId, message);
}

/** The plan and timeouts for a message already composed (also used to resume after a restart). */
export function preparedFor(
  request: SendRequest,
  messageId: string,
  message: Buffer | null,
): PreparedSend {
  const { envelope, session } = request;
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS };
  if (session.timeoutSeconds) {
    for (const key of Object.keys(timeouts) as (keyof Timeouts)[]) {
      if (key !== 'connect') timeouts[key] = session.timeoutSeconds * 1000;
    }
  }
  if (session.connectTimeoutSeconds) timeouts.connect = session.connectTimeoutSeconds * 1000;
  return {
    messageId,
    message,
    timeouts,
    plan: {
      heloName: session.helo ?? defaultHeloName(),
      tls: session.tls,
      tlsVerify: session.tlsVerify,
      auth: session.auth,
      transactions: [{ mailFrom: envelope.mailFrom, rcptTo: envelope.rcptTo, message }],
      quitAfter: session.quitAfter,
      pipelining: session.pipelining,
    },
  };
}
