import type { SendReport } from '../../shared/send';
import { ConnectionAttempt } from '../smtp/connection-attempt';
import type { SessionOptions } from '../smtp/session-types';
import { downgradeWarning } from '../smtp/trouble';
import { attemptRecord } from './attempt-record';
import { planFor, type ServerJob } from './delivery-job';
import type { DeliveryEvent, RunningSend } from './running-send';

const stripBrackets = (host: string) => host.replace(/^\[(.*)\]$/, '$1');

/** Session options for one attempt at the job's server. */
export function attemptOptions(
  job: ServerJob,
  onEvent?: (event: DeliveryEvent) => void,
): SessionOptions {
  return {
    host: stripBrackets(job.route.host),
    port: job.route.port,
    plan: planFor(job),
    timeouts: job.timeouts,
    attempt: job.firstAttempt,
    onEvent,
  };
}

/** Send one message to the server the job names (no MX lookup): `mxray send --server`. */
export function sendToServer(
  job: ServerJob,
  onEvent?: (event: DeliveryEvent) => void,
): RunningSend {
  const attempt = new ConnectionAttempt(attemptOptions(job, onEvent));
  const { host, port } = job.route;
  const done = attempt.run().then((result): SendReport => {
    const record = attemptRecord(
      job.firstAttempt,
      { domain: null, host, preference: null },
      result,
    );
    onEvent?.({ type: 'attempt', attempt: record });
    return {
      messageId: job.messageId,
      warnings: [downgradeWarning(result, `${host}:${port}`)].filter(
        (w): w is string => w !== null,
      ),
      recipients: result.recipients,
      attempts: [record],
      transcript: result.transcript,
    };
  });
  return {
    messageId: job.messageId,
    message: job.bytes,
    cancel: () => attempt.cancel(),
    info: () => attempt.info(),
    done,
  };
}
