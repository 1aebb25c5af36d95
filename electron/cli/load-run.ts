import type { SendRequest } from '../../shared/send';
import { prepareSend } from '../delivery/prepare-send';
import { startAttempt } from '../delivery/send-to-server';

export interface LoadSummary {
  sent: number;
  failed: number;
  seconds: number;
  messagesPerSecond: number;
  outcomes: Record<string, number>;
}

/**
 * `--repeat N --concurrency C`: N copies of one message, each in its own session (as direct
 * MX delivery does), C sessions at a time.
 */
export async function runLoad(
  request: SendRequest,
  repeat: number,
  concurrency: number,
): Promise<LoadSummary> {
  const prepared = await prepareSend(request);
  const outcomes: Record<string, number> = {};
  let next = 0;
  let sent = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < repeat) {
      next++;
      const report = await startAttempt(request, prepared).done;
      const outcome = report.attempts.at(-1)?.outcome ?? 'unknown';
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (report.recipients.every((r) => r.status === 'delivered')) sent++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, repeat) }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { sent, failed: repeat - sent, seconds, messagesPerSecond: sent / seconds, outcomes };
}
