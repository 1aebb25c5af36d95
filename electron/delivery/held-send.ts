import type { PreparedSend } from './prepare-send';
import type { RunningSend } from './running-send';

/** A send that dials nothing: its recipients stay deferred with this reason (a refusal by mode). */
export function heldSend(
  prepared: PreparedSend,
  recipients: string[],
  reason: string,
): RunningSend {
  return {
    messageId: prepared.messageId,
    message: prepared.message,
    cancel() {},
    info: () => null,
    done: Promise.resolve({
      messageId: prepared.messageId,
      warnings: [reason],
      recipients: recipients.map((address) => ({
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
