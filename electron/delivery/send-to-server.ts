import type { AttemptRecord, SendReport, SendRequest } from '../../shared/send';
import { ConnectionAttempt } from '../smtp/connection-attempt';
import type { SessionEvent, SessionOptions, SessionResult } from '../smtp/session-types';
import { type PreparedSend, prepareSend } from './prepare-send';

export interface RunningSend {
  messageId: string;
  /** The composed message, or null when the send stops before DATA. */
  message: Buffer | null;
  attempt: ConnectionAttempt;
  done: Promise<SendReport>;
}

/** Send one message to the server the request names (no MX lookup): `mxray send --server`. */
export async function sendToServer(
  request: SendRequest,
  onEvent?: (event: SessionEvent) => void,
): Promise<RunningSend> {
  const prepared = await prepareSend(request);
  return startAttempt(request, prepared, onEvent);
}

/** Session options for one attempt at the request's server. */
export function attemptOptions(
  request: SendRequest,
  prepared: PreparedSend,
  onEvent?: (event: SessionEvent) => void,
): SessionOptions {
  const { server } = request.route;
  return {
    host: stripBrackets(server.host),
    port: server.port,
    plan: prepared.plan,
    timeouts: prepared.timeouts,
    attempt: 1,
    onEvent,
  };
}

export function startAttempt(
  request: SendRequest,
  prepared: PreparedSend,
  onEvent?: (event: SessionEvent) => void,
): RunningSend {
  const attempt = new ConnectionAttempt(attemptOptions(request, prepared, onEvent));
  const done = attempt
    .run()
    .then((result) => report(prepared.messageId, request.route.server.host, result));
  return { messageId: prepared.messageId, message: prepared.message, attempt, done };
}

const stripBrackets = (host: string) => host.replace(/^\[(.*)\]$/, '$1');

export function attemptRecord(
  n: number,
  host: string,
  preference: number | null,
  result: SessionResult,
): AttemptRecord {
  return {
    n,
    host,
    preference,
    ip: result.address ?? result.host,
    port: result.port,
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    outcome: result.outcome,
    phase: result.phase,
    reply: result.reply,
    reason: result.reason,
    tls: result.tls,
    timings: result.timings,
  };
}

function report(messageId: string, host: string, result: SessionResult): SendReport {
  return {
    messageId,
    recipients: result.recipients,
    attempts: [attemptRecord(1, host, null, result)],
    transcript: result.transcript,
  };
}
