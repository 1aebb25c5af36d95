import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { SendRequest } from '../../shared/send';
import type { DkimKeySource } from '../message/dkim-key-store';
import { dkimSign } from '../message/dkim-sign';
import { composeMessage } from '../smtp/message';

/** A request's message, composed once and shared by every delivery and retry of it. */
export interface PreparedSend {
  messageId: string;
  /** null when the session stops before DATA: nothing is composed for a probe. */
  message: Buffer | null;
  /** What composing noticed and the sender should hear (a weak DKIM key), in sentences. */
  warnings?: string[];
}

/** The name we announce when none is configured: this machine's host name. */
export function defaultHeloName(): string {
  const name = os.hostname();
  return /^[A-Za-z0-9.-]+$/.test(name) ? name : 'localhost';
}

/** The identity a message keeps across retries and restarts: its Message-ID and Date. */
export interface MessageIdentity {
  messageId: string;
  date: Date;
}

export function newIdentity(request: SendRequest): MessageIdentity {
  const domain = /@([^@]+)$/.exec(request.envelope.mailFrom)?.[1] ?? 'mxray.localhost';
  return { messageId: `<${randomUUID()}@${domain}>`, date: new Date() };
}

/**
 * Compose a validated SendRequest's message (unless the session stops before DATA), and sign
 * it with its DKIM key (from `keys`) right away, so that every copy kept or sent is the signed
 * one. Bad content throws MessageError, a key that cannot sign DkimError, before any
 * connection is made; the session is planned per job (delivery-job.ts).
 */
export async function prepareSend(
  request: SendRequest,
  identity = newIdentity(request),
  keys?: DkimKeySource,
): Promise<PreparedSend> {
  const { message: m, session } = request;
  const { messageId } = identity;
  const stopsBeforeData = session.quitAfter !== null && session.quitAfter !== 'data';
  if (stopsBeforeData) return { messageId, message: null };
  const composed = await composeMessage({
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
  if (!request.dkim) return { messageId, message: composed };
  if (!keys) throw new Error('a DKIM signature was asked for with no key source');
  const signed = await dkimSign(composed, await keys(request.dkim.keyId), {
    canonicalization: request.dkim.canonicalization,
    headers: request.dkim.headers,
    signTime: identity.date,
  });
  return { messageId, message: signed.message, warnings: signed.warnings };
}
