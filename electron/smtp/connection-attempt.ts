import type { TranscriptLine } from '../../shared/smtp';
import { SmtpSession } from './session';
import type { SessionInfo, SessionOptions, SessionResult } from './session-types';

/**
 * One attempt at one address. Under an opportunistic TLS policy a failed STARTTLS handshake
 * is followed, as Postfix does, by a second session to the same address without STARTTLS;
 * both sessions' transcripts and timings form the attempt's record.
 */
export class ConnectionAttempt {
  private session: SmtpSession;
  private cancelled = false;

  constructor(private readonly options: SessionOptions) {
    this.session = new SmtpSession(options);
  }

  info(): SessionInfo {
    return this.session.info();
  }

  cancel(): void {
    this.cancelled = true;
    this.session.cancel();
  }

  /** Another address of a staggered walk won: stop this one before any envelope. */
  abandon(reason: string): void {
    this.cancelled = true;
    this.session.abandon(reason);
  }

  async run(): Promise<SessionResult> {
    const first = await this.session.run();
    if (!first.tlsHandshakeFailed || this.cancelled) return first;
    const note: TranscriptLine = {
      t: new Date().toISOString(),
      attempt: this.options.attempt ?? 1,
      dir: 'note',
      tls: false,
      phase: 'connect',
      text: 'Reconnecting to the same address without STARTTLS, since the handshake failed (opportunistic TLS).',
    };
    this.options.onEvent?.({ type: 'transcript', line: note });
    // Already past its greeting once: it won the race, and does not run it again.
    this.session = new SmtpSession({
      ...this.options,
      atGreeting: undefined,
      plan: { ...this.options.plan, tls: 'off' },
    });
    const second = await this.session.run();
    return {
      ...second,
      transcript: [...first.transcript, note, ...second.transcript],
      timings: [...first.timings, ...second.timings],
      startedAt: first.startedAt,
      tlsHandshakeFailed: true,
      tlsDowngrade: first.reason,
    };
  }
}
