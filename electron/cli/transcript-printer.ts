import type { TranscriptLine } from '../../shared/smtp';
import { formatLine } from '../../shared/transcript-text';
import type { DeliveryEvent } from '../delivery/running-send';
import { duration } from '../smtp/describe';
import { describeRoute } from './route-text';

/**
 * Prints a session as it happens. A reply's lines wait until its timing arrives, so the last
 * line can say how long the server took.
 */
export function createTranscriptPrinter(write: (text: string) => void) {
  let pending: TranscriptLine[] = [];
  const flush = (suffix = '') => {
    pending.forEach((line, i) => {
      write(`${formatLine(line)}${i === pending.length - 1 ? suffix : ''}\n`);
    });
    pending = [];
  };
  return {
    onEvent(event: DeliveryEvent) {
      if (event.type === 'transcript') {
        if (event.line.dir === 'in') {
          pending.push(event.line);
          return;
        }
        flush();
        write(`${formatLine(event.line)}\n`);
      } else if (event.type === 'timing') {
        flush(event.timing.reply ? `   (${duration(event.timing.durationMs)})` : '');
      } else if (event.type === 'route') {
        flush();
        for (const line of describeRoute(event.route)) write(`=== ${line}\n`);
      } else if (event.type === 'attempt' && event.attempt.domain !== null) {
        flush();
        write(`=== Attempt ${event.attempt.n}: ${event.attempt.reason}\n`);
      }
    },
    flush: () => flush(),
  };
}
