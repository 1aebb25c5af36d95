import type { SendReport, SendRequest } from '../../shared/send';
import { ConnectionAttempt } from '../smtp/connection-attempt';
import type { SessionOptions } from '../smtp/session-types';
import { downgradeWarning } from '../smtp/trouble';
import { attemptRecord } from './attempt-record';
import type { PreparedSend } from './prepare-send';
import type { DeliveryEvent, RunningSend } from './running-send';

type ServerRequest = SendRequest & { route: { kind: 'server' } };

const stripBrackets = (host: string) => host.replace(/^\[(.*)\]$/, '$1');

/** Session options for one attempt at the request's server. */
export function attemptOptions(
  request: ServerRequest,
  prepared: PreparedSend,
  onEvent?: (event: DeliveryEvent) => void,
  attempt = 1,
): SessionOptions {
  const { server } = request.route;
  return {
    host: stripBrackets(server.host),
    port: server.port,
    plan: prepared.plan,
    timeouts: prepared.timeouts,
    attempt,
    onEvent,
  };
}

/** Send one message to the server the request names (no MX lookup): `mxray send --server`. */
export function sendToServer(
  request: ServerRequest,
  prepared: PreparedSend,
  onEvent?: (event: DeliveryEvent) => void,
  /** The delivery's count of attempts goes on from here (the outbox's retries). */
  firstAttempt = 1,
): RunningSend {
  const attempt = new ConnectionAttempt(attemptOptions(request, prepared, onEvent, firstAttempt));
  const host = request.route.server.host;
  const done = attempt.run().then((result): SendReport => {
    const record = attemptRecord(firstAttempt, { domain: null, host, preference: null }, result);
    onEvent?.({ type: 'attempt', attempt: record });
    return {
      messageId: prepared.messageId,
      warnings: [downgradeWarning(result, `${host}:${request.route.server.port}`)].filter(
        (w): w is string => w !== null,
      ),
      recipients: result.recipients,
      attempts: [record],
      transcript: result.transcript,
    };
  });
  return {
    messageId: prepared.messageId,
    message: prepared.message,
    cancel: () => attempt.cancel(),
    info: () => attempt.info(),
    done,
  };
}
