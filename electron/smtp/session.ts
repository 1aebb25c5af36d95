import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Phase, TlsDetails } from '../../shared/smtp';
import { isoNow } from './clock';
import { duration } from './describe';
import {
  initialState,
  markBodySent,
  type PhaseState,
  type ReplyPhase,
  type Step,
  type TransactionEnd,
  type Transition,
  validatePlan,
} from './phases';
import { afterConnect, afterHandshake, handshakeFailure, phaseFor } from './phases-connection';
import { sealedVerdicts } from './recipient-results';
import { type ParsedReply, ProtocolError, ReplyParser } from './reply-parser';
import { SerialInbox } from './serial-inbox';
import { closedEnd, ignoredBeforeTls, timeoutEnd } from './session-endings';
import { SessionRecord } from './session-record';
import { finishedSession } from './session-result';
import { type SessionInput, SessionSocket } from './session-socket';
import type { SessionInfo, SessionOptions, SessionResult } from './session-types';
import { DEFAULT_TIMEOUTS, replyWait, type Timeouts, waitsForTlsFirst } from './timeouts';
import { describeTls, tlsDetails } from './tls-details';
import { Deadline } from './watchdog';

const isReplyPhase = (phase: Phase): phase is ReplyPhase => phase !== 'connect' && phase !== 'quit';

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
  private readonly timeouts: Timeouts;
  /** Plaintext on the implicit-TLS port (timeouts.ts): a short wait for the greeting. */
  private readonly tlsFirstPort: boolean;
  private readonly parser = new ReplyParser();
  private readonly startedAt = Date.now();
  private readonly record: SessionRecord;
  private state: PhaseState;
  private readonly socket: SessionSocket;
  private waitingOn: Phase = 'connect';
  private tls: TlsDetails | null = null;
  /** Set once the session's business is decided; afterwards only QUIT and closing remain. */
  private end: TransactionEnd | null = null;
  private endPhase: Phase = 'connect';
  private finished = false;
  private cancelled = false;
  private tlsHandshakeFailed = false;
  private remoteAddress: string | null = null;

  constructor(private readonly options: SessionOptions) {
    validatePlan(options.plan);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.tlsFirstPort = waitsForTlsFirst(options.port, options.plan.tls);
    this.state = initialState(options.plan);
    this.record = new SessionRecord(options.attempt ?? 1, options.onEvent);
    this.socket = new SessionSocket((input) => this.inbox.push(input), this.record.out);
  }

  /** The seed's `info`: where the session is and for how long. */
  info(): SessionInfo {
    const now = Date.now();
    const { host, port } = this.options;
    const { tlsActive: tls } = this.state;
    const elapsedMs = now - this.startedAt;
    return {
      phase: this.waitingOn,
      host,
      port,
      tls,
      elapsedMs,
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

  async run(): Promise<SessionResult> {
    const done = new Promise<void>((resolve) => {
      this.whenFinished = resolve;
    });
    if (await this.connect()) await done;
    const result = this.result();
    this.options.onEvent?.({ type: 'done', result });
    return result;
  }

  private async connect(): Promise<boolean> {
    const { host, port, localAddress } = this.options;
    this.record.note('connect', `Connecting to ${host} port ${port}`);
    this.record.phaseStartedAt = Date.now();
    const dialled = await this.socket.dial(host, port, this.timeouts.connect, localAddress);
    this.record.timing('connect', null);
    this.remoteAddress = dialled.address;
    if (dialled.failure) {
      this.fail(dialled.failure, 'connect');
      return false;
    }
    this.record.note('connect', `Connected to ${this.remoteAddress}:${port}`);
    const transition = afterConnect(this.state);
    // Implicit TLS listens once the handshake is done; the greeting comes inside it.
    if (transition.step.kind !== 'starttls') this.socket.listen();
    this.run_(transition, 'connect');
    return !this.finished;
  }

  // ---- the loop's one switch --------------------------------------------------------------

  private handle(input: SessionInput) {
    if (this.finished) return;
    const phase = this.waitingOn;
    switch (input.kind) {
      case 'cancel':
        this.record.note(phase, 'Cancelled: closing the connection.');
        this.decide({ outcome: 'cancelled', reason: 'Cancelled by the user.', reply: null }, phase);
        return this.close();
      case 'timeout':
        if (this.end) return this.close();
        if (this.socket.handshake)
          return this.onHandshake(
            this.socket.handshake,
            new Error(`no handshake within ${duration(this.timeouts.tlsHandshake)}`),
          );
        return this.fail(
          timeoutEnd(
            phase,
            duration(this.wait()),
            this.bodySent(),
            this.parser.midReply,
            this.tlsFirstPort,
          ),
          phase,
        );
      case 'closed':
        if (this.end) return this.close();
        return this.fail(closedEnd(phase, input.error, this.bodySent()), phase);
      case 'tls':
        return this.onHandshake(input.secure, input.error);
      case 'written':
        if (phase !== 'body' || this.end) return;
        this.state = markBodySent(this.state);
        this.record.note('body', 'Message sent; waiting for the reply to the final dot.');
        return this.deadline.arm(this.timeouts.dataTermination);
      case 'data':
        return this.onData(input.chunk);
    }
  }

  private onData(chunk: Buffer) {
    let replies: ParsedReply[];
    try {
      replies = this.parser.push(chunk);
    } catch (error) {
      const reason = error instanceof ProtocolError ? error.message : String(error);
      return this.fail({ outcome: 'protocol-error', reason, reply: null }, this.waitingOn);
    }
    // The wait starts again at each whole reply, not at each byte: a reply dripped out a byte
    // at a time (a tarpit) is still bounded by the phase's timeout.
    if (replies.length) this.deadline.arm(this.wait());
    for (const [i, reply] of replies.entries()) {
      const phase = this.waitingOn;
      this.record.reply(reply, phase);
      if (this.end || !isReplyPhase(phase)) {
        // Anything after the decision (QUIT's 221, stray pipelined replies) only closes.
        if (phase === 'quit') {
          this.record.timing('quit', reply);
          this.close();
        }
        continue;
      }
      if (phase !== 'starttls' || reply.code !== 220) this.record.timing(phase, reply);
      this.run_(phaseFor(phase)(reply, this.state), phase);
      if (this.finished) return;
      // What came in the same read as STARTTLS's 220 was sent in plaintext before TLS: never
      // taken as a reply after the handshake (the CVE-2011-0411 class of injection).
      if (this.socket.handshake) {
        const note = ignoredBeforeTls(replies.length - i - 1, this.parser.discard());
        if (note) this.record.note('starttls', note);
        return;
      }
    }
  }

  /** Take a transition: its state, the verdicts it sealed, then its step. */
  private run_(transition: Transition, from: Phase): void {
    const ended = this.state.ends.length;
    this.state = transition.state;
    const sealed = sealedVerdicts(this.state, ended);
    if (sealed.length) this.options.onEvent?.({ type: 'settled', recipients: sealed });
    this.apply(transition.step, from);
  }

  private apply(step: Step, from: Phase) {
    switch (step.kind) {
      case 'send':
        this.socket.send(step.commands);
        return this.expect(step.expect, true);
      case 'await':
        return this.expect(step.expect, from === 'connect');
      case 'starttls':
        return this.startTls(from);
      case 'send-body':
        this.socket.sendBody(step.body, step.size, step.quit);
        return this.expect('body', true);
      case 'finish':
        this.decide(step.end, from);
        if (step.quit) {
          this.socket.quit();
          return this.expect('quit', true);
        }
        if (step.end.outcome === 'quit-after' && from !== 'connect')
          this.record.note(
            from,
            'Closing without QUIT; the server discards the unfinished transaction.',
          );
        return this.close();
    }
  }

  // ---- TLS ----------------------------------------------------------------------------------

  /** Hand the socket to TLS; the handshake's end comes back to the loop as a 'tls' input. */
  private startTls(from: Phase) {
    this.deadline.arm(this.timeouts.tlsHandshake);
    const servername = this.servername();
    const sni = servername ? ` (SNI ${servername})` : '';
    const how = from === 'connect' ? 'Starting TLS at once (implicit TLS)' : 'Starting TLS';
    this.record.note(from, `${how}${sni}`);
    this.socket.startTls({ servername, host: this.options.host, ca: this.options.ca });
  }

  private onHandshake(secure: TLSSocket, error: Error | null) {
    this.socket.handshakeEnded(error ? null : secure);
    const phase: Phase = this.options.plan.tls === 'implicit' ? 'connect' : 'starttls';
    if (phase === 'starttls') this.record.timing('starttls', null);
    if (error) {
      const failure = handshakeFailure(this.state, error);
      this.tlsHandshakeFailed = failure.plaintextMayWork;
      return this.fail(failure.end, phase);
    }
    this.tls = tlsDetails(secure, this.servername(), this.options.chainDigests);
    this.record.tls = true;
    this.record.note(phase, describeTls(this.tls));
    this.options.onEvent?.({ type: 'tls', tls: this.tls });
    this.run_(afterHandshake(this.state, this.tls, this.options.host), phase);
  }

  /** SNI and the name the certificate must match: the MX host name, never an IP address. */
  private servername(): string | null {
    return this.options.servername ?? (net.isIP(this.options.host) ? null : this.options.host);
  }

  // ---- bookkeeping ----------------------------------------------------------------------------

  private bodySent(): boolean {
    return this.state.replies[this.state.txIndex]?.bodySent === true;
  }

  private wait(): number {
    return replyWait(this.waitingOn, this.timeouts, this.bodySent(), this.tlsFirstPort);
  }

  private expect(phase: Phase, fresh: boolean) {
    this.waitingOn = phase;
    if (fresh) this.record.phaseStartedAt = Date.now();
    this.options.onEvent?.({ type: 'phase', phase, at: isoNow() });
    this.deadline.arm(this.wait());
  }

  private decide(end: TransactionEnd, phase: Phase) {
    if (this.end) return;
    this.end = end;
    this.endPhase = phase;
  }

  /** Say why in the transcript, settle the outcome, close: how a session breaks off. */
  private fail(end: TransactionEnd, phase: Phase) {
    this.record.note(phase, end.reason);
    this.decide(end, phase);
    this.close();
  }

  private close() {
    this.deadline.clear();
    this.socket.destroy();
    this.finished = true;
    this.whenFinished?.();
  }

  private result(): SessionResult {
    return finishedSession(this.state, this.end, this.record, {
      host: this.options.host,
      port: this.options.port,
      address: this.remoteAddress,
      phase: this.endPhase,
      tls: this.tls,
      capabilities: this.state.capabilities,
      startedAt: isoNow(this.startedAt),
      tlsHandshakeFailed: this.tlsHandshakeFailed,
    });
  }
}
