import type { Phase, TlsDetails } from '../../shared/smtp';
import {
  finish,
  isReplyPhase,
  type PhaseFn,
  type PhaseState,
  phases,
  type ReplyPhase,
  replyLine,
  type TransactionEnd,
  type Transition,
} from './phases';
import { afterTls } from './phases-greeting';
import type { ParsedReply } from './reply-parser';
import { implicitHandshakeEnd, tlsHandshakeEnd, unverifiedEnd } from './session-endings';

/**
 * The session's turns that are not answers to a reply: the connection made, the TLS handshake
 * ended. Pure like the phase functions, so the loop in session.ts only runs what they say.
 */

const stoppedAtConnect: TransactionEnd = {
  outcome: 'quit-after',
  reason: 'Stopped after connecting, as asked.',
  reply: null,
};

/** Connected: TLS from the first byte (RFC 8314), stop as asked, or wait for the greeting. */
export function afterConnect(s: PhaseState): Transition {
  if (s.plan.tls === 'implicit') return { state: s, step: { kind: 'starttls' } };
  if (s.plan.quitAfter === 'connect') return finish(s, stoppedAtConnect, false);
  return { state: s, step: { kind: 'await', expect: 'banner' } };
}

/**
 * The handshake went through, after STARTTLS's 220 or at connect for implicit TLS: refuse an
 * unverified certificate when verification is required (no QUIT before a greeting), start over
 * with EHLO (RFC 3207 §4.2), or wait for the greeting that comes inside TLS.
 */
export function afterHandshake(s: PhaseState, tls: TlsDetails, host: string): Transition {
  const implicit = s.plan.tls === 'implicit';
  const secure = { ...s, tlsActive: true };
  if (s.plan.tlsVerify && !tls.verified) return finish(secure, unverifiedEnd(tls, host), !implicit);
  if (!implicit) return afterTls(secure);
  if (s.plan.quitAfter === 'connect') return finish(secure, stoppedAtConnect, false);
  return { state: secure, step: { kind: 'await', expect: 'banner' } };
}

/**
 * The handshake failed. Under an opportunistic policy the connection attempt may go again in
 * plaintext (the end's `plaintextMayWork`); implicit TLS has no plaintext to fall back to.
 */
export function handshakeFailure(s: PhaseState, error: Error): TransactionEnd {
  if (s.plan.tls === 'implicit') return implicitHandshakeEnd(error);
  return tlsHandshakeEnd(error, s.plan.tls === 'opportunistic');
}

/** 421 at any phase: the server is closing the channel; no QUIT, nothing more to say. */
const closing =
  (phase: ReplyPhase): PhaseFn =>
  (reply, s) =>
    finish(
      s,
      {
        outcome: phase === 'banner' ? 'greeting-rejected' : 'deferred',
        reason: `The server is closing the connection: ${replyLine(reply)}`,
        reply,
      },
      false,
    );

const guard = (phase: ReplyPhase): PhaseFn => {
  const close = closing(phase);
  const fn = phases[phase];
  return (reply, s) => (reply.code === 421 ? close(reply, s) : fn(reply, s));
};

/** Built once: a session asks for one per reply. */
const guarded: Record<ReplyPhase, PhaseFn> = {
  banner: guard('banner'),
  ehlo: guard('ehlo'),
  helo: guard('helo'),
  starttls: guard('starttls'),
  auth: guard('auth'),
  mail: guard('mail'),
  rcpt: guard('rcpt'),
  data: guard('data'),
  body: guard('body'),
  rset: guard('rset'),
};

/** The phase function for a reply in `phase`, with the 421 rule in front of every one. */
export function phaseFor(phase: ReplyPhase): PhaseFn {
  return guarded[phase];
}

/**
 * What a reply in `phase` does. Before the decision, its phase function says; the reply ends
 * the phase's clock (`timed`), except STARTTLS's 220: the handshake's end stops that one.
 * After the decision only QUIT's reply counts, and it closes the session; anything else (a
 * stray pipelined reply) is ignored.
 */
export function replyTurn(
  phase: Phase,
  reply: ParsedReply,
  s: PhaseState,
): { transition: Transition | null; timed: boolean; closes: boolean } {
  if (s.decided || !isReplyPhase(phase)) {
    const quit = phase === 'quit';
    return { transition: null, timed: quit, closes: quit };
  }
  const transition = phaseFor(phase)(reply, s);
  return { transition, timed: transition.step.kind !== 'starttls', closes: false };
}
