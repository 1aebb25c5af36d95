import type { MxRoute } from '../../shared/mx';
import type { AttemptRecord, SendReport } from '../../shared/send';
import type { SessionEvent, SessionInfo } from '../smtp/session-types';

/** Everything a send reports while it runs: the session's events, plus routing and attempts. */
export type DeliveryEvent =
  | SessionEvent
  | { type: 'route'; route: MxRoute }
  | { type: 'attempt'; attempt: AttemptRecord };

/** A send in flight, whatever its route: it can be asked where it is and be stopped. */
export interface RunningSend {
  messageId: string;
  /** The composed message, or null when the send stops before DATA. */
  message: Buffer | null;
  cancel(): void;
  info(): SessionInfo | null;
  done: Promise<SendReport>;
}
