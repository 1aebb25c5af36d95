import type { SendRequest } from '../../shared/send';
import { decidingAttempt } from '../delivery/attempt-record';
import { jobOf } from '../delivery/delivery-job';
import { deliverDirect } from '../delivery/direct-delivery';
import { prepareSend } from '../delivery/prepare-send';
import { attemptOptions } from '../delivery/send-to-server';
import type { ResolveRoute } from '../dns/routing';
import type { DkimKeySource } from '../message/dkim-key-store';
import { DestinationWindows, type Feedback, feedbackOf } from '../queue/destination-window';
import { ConnectionAttempt } from '../smtp/connection-attempt';

export interface LoadSummary {
  sent: number;
  failed: number;
  seconds: number;
  messagesPerSecond: number;
  /** CPU time (user + system) this process spent per message, in microseconds. */
  cpuMicrosPerMessage: number;
  outcomes: Record<string, number>;
}

/**
 * `--repeat N --concurrency C`: N copies of one message, each in its own session (as direct
 * MX delivery does), C sessions at a time: the destination's window (destination-window.ts)
 * starts at C and may not pass it; a 421 or "too many connections" halves it, and each
 * session that goes well earns one back, as the outbox does.
 */
export async function runLoad(
  request: SendRequest,
  repeat: number,
  concurrency: number,
  resolve: ResolveRoute,
  onFinished?: (copies: number) => void,
  dkimKeys?: DkimKeySource,
): Promise<LoadSummary> {
  // Composed and signed once: every copy is the same message (its Message-ID too).
  const job = jobOf(request, await prepareSend(request, undefined, dkimKeys));
  const route = job.route;
  const once = async () => {
    if (route.kind === 'server') {
      // The session result, not a full report: nobody reads a --repeat run's transcripts.
      const result = await new ConnectionAttempt(attemptOptions({ ...job, route })).run();
      return {
        outcome: result.outcome as string,
        delivered: result.recipients.every((r) => r.status === 'delivered'),
        feedback: [feedbackOf({ outcome: result.outcome, reply: result.reply })],
      };
    }
    const report = await deliverDirect({ ...job, route }, resolve).done;
    return {
      outcome: decidingAttempt(report.attempts)?.outcome ?? 'no-attempt',
      delivered: report.recipients.every((r) => r.status === 'delivered'),
      // The walk's last attempt speaks for the destination (a dead MX 10 does not).
      feedback: [decidingAttempt(report.attempts)].filter((a) => a !== undefined).map(feedbackOf),
    };
  };
  // Every copy goes to the same destination: one window for the run.
  const windows = new DestinationWindows({ initial: concurrency, max: concurrency });
  let running = 0;
  const waiting: (() => void)[] = [];
  const turn = async () => {
    while (running >= windows.limit('')) await new Promise<void>((r) => waiting.push(r));
    running++;
  };
  const finished = (feedback: Feedback[]) => {
    running--;
    for (const f of feedback) windows.record('', f);
    for (const wake of waiting.splice(0)) wake();
  };
  const outcomes: Record<string, number> = {};
  let next = 0;
  let sent = 0;
  let finishedCopies = 0;
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const worker = async () => {
    while (next < repeat) {
      await turn();
      if (next >= repeat) return finished([]);
      next++;
      const { outcome, delivered, feedback } = await once().catch((error: unknown) => {
        finished([]);
        throw error;
      });
      finished(feedback);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (delivered) sent++;
      finishedCopies++;
      onFinished?.(finishedCopies);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, repeat) }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    sent,
    failed: repeat - sent,
    seconds,
    messagesPerSecond: sent / seconds,
    cpuMicrosPerMessage: (cpu.user + cpu.system) / repeat,
    outcomes,
  };
}
