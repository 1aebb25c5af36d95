import type { SendReport } from '../../shared/send';
import { decidingAttempt } from '../delivery/attempt-record';
import { EXIT } from './usage-error';

/** CLI.md: 2 when a recipient bounced, 3 when one is still deferred, else 0. */
export function exitCodeFor(report: SendReport): number {
  if (report.recipients.some((r) => r.status === 'bounced')) return EXIT.bounced;
  const stoppedOnPurpose = decidingAttempt(report.attempts)?.outcome === 'quit-after';
  if (!stoppedOnPurpose && report.recipients.some((r) => r.status === 'deferred'))
    return EXIT.deferred;
  return EXIT.ok;
}
