import type { DeliveryJob } from './delivery-job';
import type { RunningSend } from './running-send';

/** A job that dials nothing: its recipients stay deferred with this reason (a refusal by mode). */
export function heldSend(job: DeliveryJob, reason: string): RunningSend {
  return {
    messageId: job.messageId,
    message: job.bytes,
    cancel() {},
    info: () => null,
    done: Promise.resolve({
      messageId: job.messageId,
      warnings: [reason],
      recipients: job.recipients.map((address) => ({
        address,
        status: 'deferred' as const,
        reply: null,
        rcptReply: null,
        reason,
      })),
      attempts: [],
      transcript: [],
    }),
  };
}
