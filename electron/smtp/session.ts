import type { TLSSocket } from 'node:tls';
import type { Phase, TlsDetails } from '../../shared/smtp';
import { isoNow } from './clock';
import {
  bodySent,
  decide,
  initialState,
  markBodySent,
  type PhaseState,
  type TransactionEnd,
  type Transition,
  validatePlan,
} from './phases';
import { afterConnect, afterHandshake, handshakeFailure, replyTurn } from './phases-connection';
import { sealedVerdicts } from './recipient-results';
import { type ParsedReply, ReplyParser } from './reply-parser';
import { SerialInbox } from './serial-inbox';
import {
  abandonedEnd,
  cancelledEnd,
  closedEnd,
  closingNote,
  ignoredBeforeTls,
  protocolErrorEnd,
} from './session-endings';
import { SessionRecord } from './session-record';
import { finishedSession } from './session-result';
import { type SessionInput, SessionSocket } from './session-socket';
import type { SessionInfo, SessionOptions, SessionResult } from './session-types';
import { handshakeTimeout, replyWait, sessionWaits, timedOut, type Waits } from './timeouts';
import { describeTls, describeTlsStart, tlsDetails } from './tls-details';
import { type UpgradeOptions, upgradeOptions } from './tls-upgrade';
import { Deadline } from './watchdog';

/**
 * One SMTP session. Like the seed's receive loop, one place owns the socket: every input —
 * data, close, errors, the deadline, TLS and cancel — goes through handle(), one at a time, in
 * arrival order (serial-inbox.ts). What to do next is decided by pure functions (phases.ts for
 * replies, phases-connection.ts for the connection and the handshake); the loop runs their Steps.
 */
export class SmtpSession {
  private readonly inbox = new SerialInbox<SessionInput>((input) => this.handle(input));
  private whenFinished: (() => void) | null = null;
  private readonly deadline = new Deadline(() => this.inbox.push({ kind: 'timeout' }));
  private readonly waits: Waits;
  private readonly upgrade: UpgradeOptions;
  private readonly parser = new ReplyParser();
  private readonly record: SessionRecord;
  private readonly socket: SessionSocket;
  /** The protocol's state, the session's decision included (phase-state.ts). */
  private state: PhaseState;
  private waitingOn: Phase = 'connect';
  private tls: TlsDetails | null = null;
  private finished = false;
  private cancelled = false;
  /** Greeted, waiting for atGreeting's answer: the step after the 220, and replies since. */
  private held: { transition: Transition; replies: ParsedReply[] } | null = null;
  private gated = false;

  constructor(private readonly options: SessionOptions) {
    validatePlan(options.plan);
    this.waits = sessionWaits(options.port, options.plan.tls, options.timeouts);
    this.upgrade = upgradeOptions(options);
    this.state = initialState(options.plan);
    this.record = new SessionRecord(options.attempt ?? 1, options.onEvent);
    this.socket = new SessionSocket((input) => this.inbox.push(input), this.record.out);
  }

  /** The seed's `info`: where the session is and for how long. */
  info(): SessionInfo {
    const now = Date.now();
    return {
      phase: this.waitingOn,
      host: this.options.host,
      port: this.options.port,
      tls: this.state.tlsActive,
      elapsedMs: now - this.record.startedAt,
      phaseElapsedMs: now - this.record.phaseStartedAt,
    };
  }

  /** The seed's `stop`: close the socket now; run() resolves with outcome "cancelled". */
  cancel(): void {
    if (this.cancelled || this.finished) return;
    this.cancelled = true;
    this.socket.cancelDial();
    this.inbox.push({ kind: 'cancel' });
  }

  /** Another address won the walk's race: QUIT if greeted, else close; the result says why. */
  abandon(reason: string): void {
    if (this.cancelled || this.finished) return;
    this.socket.cancelDial();
    this.inbox.push({ kind: 'abandon', reason });
  }

  async run(): Promise<SessionResult> {
    const done = new Promise<void>((resolve) => {
      this.whenFinished = resolve;
    });
    await this.connect();
    await done;
    const result = this.result();
    this.options.onEvent?.({ type: 'done', result });
    return result;
  }

  private async connect() {
    const { host, port, localAddress } = this.options;
    this.record.note('connect', `Connecting to ${host} port ${port}`);
    this.record.phaseStartedAt = Date.now();
    const failure = await this.socket.dial(host, port, this.waits.timeouts.connect, localAddress);
    this.record.timing('connect', null);
    if (failure) return this.fail(failure, 'connect');
    this.record.note('connect', `Connected to ${this.socket.address}:${port}`);
    const transition = afterConnect(this.state);
    // Implicit TLS listens once the handshake is done; the greeting comes inside it.
    if (transition.step.kind !== 'starttls') this.socket.listen();
    this.take(transition, 'connect');
  }

  // ---- the loop's one switch --------------------------------------------------------------

  private handle(input: SessionInput) {
    if (this.finished) return;
    const phase = this.waitingOn;
    switch (input.kind) {
      case 'cancel':
        return this.fail(cancelledEnd, phase, 'Cancelled: closing the connection.');
      case 'abandon':
        return this.stopAt(abandonedEnd(input.reason), phase);
      case 'gate':
        return this.onGate(input.go);
      case 'timeout':
        if (this.state.decided) return this.close();
        if (this.socket.handshake)
          return this.onHandshake(this.socket.handshake, handshakeTimeout(this.waits));
        return this.fail(timedOut(phase, this.waits, this.state, this.parser.midReply), phase);
      case 'closed':
        if (this.state.decided) return this.close();
        return this.fail(closedEnd(phase, input.error, bodySent(this.state)), phase);
      case 'tls':
        return this.onHandshake(input.secure, input.error);
      case 'written':
        if (phase !== 'body' || this.state.decided) return;
        this.state = markBodySent(this.state);
        this.record.note('body', 'Message sent; waiting for the reply to the final dot.');
        return this.deadline.arm(this.waits.timeouts.dataTermination);
      case 'data':
        return this.onData(input.chunk);
    }
  }

  private onData(chunk: Buffer) {
    let replies: ParsedReply[];
    try {
      replies = this.parser.push(chunk);
    } catch (error) {
      return this.fail(protocolErrorEnd(error), this.waitingOn);
    }
    if (this.held) {
      this.held.replies.push(...replies);
      return;
    }
    // The wait starts again at each whole reply, not at each byte: a reply dripped out a byte
    // at a time (a tarpit) is still bounded by the phase's timeout.
    if (replies.length) this.deadline.arm(replyWait(this.waitingOn, this.waits, this.state));
    this.onReplies(replies);
  }

  private onReplies(replies: ParsedReply[]) {
    for (const [i, reply] of replies.entries()) {
      const phase = this.waitingOn;
      this.record.reply(reply, phase);
      const { transition, timed, closes } = replyTurn(phase, reply, this.state);
      if (timed) this.record.timing(phase, reply);
      if (closes) this.close();
      if (!transition) continue;
      if (phase === 'banner' && this.options.atGreeting && !this.state.decided && !this.gated) {
        // A staggered walk: only the address that wins the race goes past its greeting.
        this.gated = true;
        this.held = { transition, replies: replies.slice(i + 1) };
        this.deadline.clear();
        void this.options.atGreeting().then((go) => this.inbox.push({ kind: 'gate', go }));
        return;
      }
      this.take(transition, phase);
      if (this.finished) return;
      // What came in one read with STARTTLS's 220 was sent in plaintext before TLS: never
      // taken as a reply after the handshake (the CVE-2011-0411 class of injection).
      if (this.socket.handshake) {
        const note = ignoredBeforeTls(replies.length - i - 1, this.parser.discard());
        if (note) this.record.note('starttls', note);
        return;
      }
    }
  }

  /** Take a transition: its state, the verdicts it sealed, then its step. */
  private take({ state, step }: Transition, from: Phase) {
    const sealed = sealedVerdicts(state, this.state.ends.length);
    this.state = state;
    if (sealed.length) this.options.onEvent?.({ type: 'settled', recipients: sealed });
    switch (step.kind) {
      case 'send':
        this.socket.send(step.commands);
        return this.expect(step.expect, true);
      case 'await':
        return this.expect(step.expect, from === 'connect');
      case 'starttls':
        // Hand the socket to TLS; the handshake's end comes back to the loop as a 'tls' input.
        this.deadline.arm(this.waits.timeouts.tlsHandshake);
        this.record.note(from, describeTlsStart(from === 'connect', this.upgrade.servername));
        return this.socket.startTls(this.upgrade);
      case 'send-body':
        this.socket.sendBody(step.body, step.size, step.quit);
        return this.expect('body', true);
      case 'finish': {
        this.state = decide(this.state, step.end, from);
        if (step.quit) {
          this.socket.quit();
          return this.expect('quit', true);
        }
        const note = closingNote(step.end, from);
        if (note) this.record.note(from, note);
        return this.close();
      }
    }
  }

  /** The race's answer to the greeting: take the step after the 220, or say QUIT. */
  private onGate(go: boolean) {
    const held = this.held;
    this.held = null;
    if (!held || this.state.decided) return;
    if (!go)
      return this.stopAt(abandonedEnd('another address of the walk greeted first'), 'banner');
    this.take(held.transition, 'banner');
    if (!this.finished && held.replies.length) this.onReplies(held.replies);
  }

  /** Stop where the session stands: QUIT when the server has greeted, else close. */
  private stopAt(end: TransactionEnd, phase: Phase) {
    if (this.state.decided) return;
    const greeted = this.held !== null || (phase !== 'connect' && phase !== 'banner');
    this.held = null;
    if (!greeted) return this.fail(end, phase);
    this.record.note(phase, end.reason);
    this.state = decide(this.state, end, phase);
    this.socket.quit();
    this.expect('quit', true);
  }

  // ---- TLS ----------------------------------------------------------------------------------

  private onHandshake(secure: TLSSocket, error: Error | null) {
    this.socket.handshakeEnded(error ? null : secure);
    const phase = this.waitingOn; // the handshake's: starttls, or connect for implicit TLS
    if (phase === 'starttls') this.record.timing('starttls', null);
    if (error) return this.fail(handshakeFailure(this.state, error), phase);
    this.tls = tlsDetails(secure, this.upgrade.servername, this.options.chainDigests);
    this.record.tls = true;
    this.record.note(phase, describeTls(this.tls));
    this.options.onEvent?.({ type: 'tls', tls: this.tls });
    this.take(afterHandshake(this.state, this.tls, this.options.host), phase);
  }

  // ---- bookkeeping ----------------------------------------------------------------------------

  private expect(phase: Phase, fresh: boolean) {
    this.waitingOn = phase;
    if (fresh) this.record.phaseStartedAt = Date.now();
    this.options.onEvent?.({ type: 'phase', phase, at: isoNow() });
    this.deadline.arm(replyWait(phase, this.waits, this.state));
  }

  /** Say why in the transcript, settle the outcome, close: how a session breaks off. */
  private fail(end: TransactionEnd, phase: Phase, note = end.reason) {
    this.record.note(phase, note);
    this.state = decide(this.state, end, phase);
    this.close();
  }

  private close() {
    this.deadline.clear();
    this.socket.destroy();
    this.finished = true;
    this.whenFinished?.();
  }

  private result(): SessionResult {
    return finishedSession(this.state, this.record, {
      host: this.options.host,
      port: this.options.port,
      address: this.socket.address,
      tls: this.tls,
    });
  }
}
