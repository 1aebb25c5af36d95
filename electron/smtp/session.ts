import net, { type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import type { Phase, Reply, TlsDetails, TranscriptLine } from '../../shared/smtp';
import type { Capabilities } from './capabilities';
import { isoNow } from './clock';
import { quit } from './commands';
import { duration } from './describe';
import { dial } from './dial';
import {
  afterTls,
  initialState,
  markBodySent,
  type PhaseState,
  phases,
  type ReplyPhase,
  replyLine,
  type Step,
  type TransactionEnd,
  validatePlan,
} from './phases';
import { sealedVerdicts } from './recipient-results';
import { type ParsedReply, ProtocolError, ReplyParser } from './reply-parser';
import { SerialInbox } from './serial-inbox';
import {
  closedEnd,
  IMPLICIT_PORT_BANNER_MS,
  IMPLICIT_TLS_PORT,
  ignoredBeforeTls,
  implicitHandshakeEnd,
  silentImplicitPortEnd,
  timeoutEnd,
  tlsHandshakeEnd,
  unverifiedEnd,
} from './session-endings';
import { writeCommands, writeMessage } from './session-output';
import { SessionRecord } from './session-record';
import { finishedSession } from './session-result';
import type { SessionInfo, SessionOptions, SessionResult } from './session-types';
import { DEFAULT_TIMEOUTS, type Timeouts, timeoutFor } from './timeouts';
import { describeTls, tlsDetails } from './tls-details';
import { upgradeToTls } from './tls-upgrade';
import { Deadline } from './watchdog';

type Input =
  | { kind: 'data'; chunk: Buffer }
  | { kind: 'closed'; error: Error | null }
  | { kind: 'timeout' }
  | { kind: 'written' }
  | { kind: 'tls'; secure: TLSSocket; error: Error | null }
  | { kind: 'cancel' };

/**
 * One SMTP session. Like the seed's receive loop, one place owns the socket: every input —
 * data, close, errors, the deadline, TLS and cancel — goes through handle(), one at a time,
 * in arrival order (serial-inbox.ts). What to say next is decided by the pure phase functions in phases.ts.
 */
export class SmtpSession {
  private readonly inbox = new SerialInbox<Input>((input) => this.handle(input));
  private whenFinished: (() => void) | null = null;
  private readonly deadline = new Deadline(() => this.inbox.push({ kind: 'timeout' }));
  private readonly timeouts: Timeouts;
  private readonly parser = new ReplyParser();
  private readonly startedAt = Date.now();
  private readonly record: SessionRecord;
  private state: PhaseState;
  private socket: Socket | TLSSocket | null = null;
  private waitingOn: Phase = 'connect';
  private phaseStartedAt = Date.now();
  private tls: TlsDetails | null = null;
  private capabilities: Capabilities | null = null;
  /** Set once the session's business is decided; afterwards only QUIT and closing remain. */
  private end: TransactionEnd | null = null;
  private endPhase: Phase = 'connect';
  private finished = false;
  private cancelled = false;
  private tlsHandshakeFailed = false;
  /** A TLS handshake is under way: after STARTTLS's 220, or at once for implicit TLS. */
  private handshaking = false;
  private remoteAddress: string | null = null;
  /** QUIT already went out, pipelined after the final dot. */
  private quitSent = false;
  /** Ends a connect in progress when cancel() is called. */
  private abortConnect: (() => void) | null = null;

  constructor(private readonly options: SessionOptions) {
    validatePlan(options.plan);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.state = initialState(options.plan);
    this.record = new SessionRecord(options.attempt ?? 1, options.onEvent);
  }

  /** The seed's `info`: where the session is and for how long. */
  info(): SessionInfo {
    const now = Date.now();
    return {
      phase: this.waitingOn,
      host: this.options.host,
      port: this.options.port,
      tls: this.state.tlsActive,
      elapsedMs: now - this.startedAt,
      phaseElapsedMs: now - this.phaseStartedAt,
    };
  }

  /** The seed's `stop`: close the socket now; run() resolves with outcome "cancelled". */
  cancel(): void {
    if (this.cancelled || this.finished) return;
    this.cancelled = true;
    this.abortConnect?.();
    this.inbox.push({ kind: 'cancel' });
  }

  async run(): Promise<SessionResult> {
    if (await this.connect()) {
      await new Promise<void>((resolve) => {
        this.whenFinished = resolve;
        if (this.finished) resolve();
      });
    }
    const result = this.result();
    this.options.onEvent?.({ type: 'done', result });
    return result;
  }

  // ---- connecting -------------------------------------------------------------------------

  private async connect(): Promise<boolean> {
    const { host, port } = this.options;
    this.note('connect', `Connecting to ${host} port ${port}`);
    this.phaseStartedAt = Date.now();
    const dialling = dial(host, port, this.timeouts.connect, this.options.localAddress);
    const socket = dialling.socket;
    this.abortConnect = dialling.cancel;
    const failure = await dialling.result;
    this.abortConnect = null;
    this.timing('connect', null);
    // Known without asking the kernel when we dialled an address (the common case).
    this.remoteAddress = net.isIP(host) ? host : (socket.remoteAddress ?? null);
    if (failure) {
      socket.destroy();
      this.fail(failure, 'connect');
      return false;
    }
    this.note('connect', `Connected to ${this.remoteAddress}:${port}`);
    if (this.options.plan.tls === 'implicit') {
      // RFC 8314: TLS from the first byte; the greeting comes inside it.
      this.startTls(socket as Socket, 'connect');
      return true;
    }
    this.attach(socket);
    if (this.options.plan.quitAfter === 'connect') {
      this.decide(
        { outcome: 'quit-after', reason: 'Stopped after connecting, as asked.', reply: null },
        'connect',
      );
      this.close();
      return false;
    }
    this.expect('banner', true);
    // Port 465 speaks TLS first (RFC 8314): a plaintext client meets silence, so say so soon.
    if (this.waitsForTlsFirst()) this.deadline.arm(this.implicitPortWait());
    return true;
  }

  private attach(socket: Socket | TLSSocket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.inbox.push({ kind: 'data', chunk }));
    socket.on('error', (error) => this.inbox.push({ kind: 'closed', error }));
    socket.on('close', () => this.inbox.push({ kind: 'closed', error: null }));
  }

  // ---- the loop's one switch --------------------------------------------------------------

  private handle(input: Input): void {
    if (this.finished) return;
    switch (input.kind) {
      case 'cancel':
        this.note(this.waitingOn, 'Cancelled: closing the connection.');
        this.decide(
          { outcome: 'cancelled', reason: 'Cancelled by the user.', reply: null },
          this.waitingOn,
        );
        this.close();
        return;
      case 'timeout':
        this.onTimeout();
        return;
      case 'closed':
        this.onClosed(input.error);
        return;
      case 'tls':
        this.onTlsHandshake(input.secure, input.error);
        return;
      case 'written':
        if (this.waitingOn === 'body' && !this.end) {
          this.state = markBodySent(this.state);
          this.note('body', 'Message sent; waiting for the reply to the final dot.');
          this.deadline.arm(this.timeouts.dataTermination);
        }
        return;
      case 'data':
        this.onData(input.chunk);
        return;
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
    if (replies.length) this.deadline.arm(this.currentTimeout());
    for (const [i, reply] of replies.entries()) {
      this.record.reply(reply, this.state.tlsActive, this.waitingOn);
      if (this.end) {
        // Anything after the decision (QUIT's 221, stray pipelined replies) only closes.
        if (this.waitingOn === 'quit') {
          this.timing('quit', reply);
          this.close();
        }
        continue;
      }
      this.onReply(reply);
      if (this.finished) return;
      if (this.tlsStarting()) return this.discardBeforeTls(replies.length - i - 1);
    }
  }

  /** STARTTLS's 220 has been answered with a handshake that has not finished yet. */
  private tlsStarting(): boolean {
    return (
      this.waitingOn === 'starttls' && this.socket instanceof tls.TLSSocket && !this.state.tlsActive
    );
  }

  /**
   * Whatever came in the same read as the 220 to STARTTLS was sent in plaintext before TLS
   * began: never taken as a reply to anything after the handshake (the CVE-2011-0411 class of
   * injection). Dropped, and said.
   */
  private discardBeforeTls(replies: number) {
    const note = ignoredBeforeTls(replies, this.parser.discard());
    if (note) this.note('starttls', note);
  }

  private onReply(reply: ParsedReply) {
    const phase = this.waitingOn as ReplyPhase;
    if (phase !== 'starttls' || reply.code !== 220) this.timing(phase, reply);
    if (reply.code === 421) {
      // 421 at any phase: the server is closing the channel; no QUIT, nothing more to say.
      const outcome = phase === 'banner' ? 'greeting-rejected' : 'deferred';
      this.decide(
        { outcome, reason: `The server is closing the connection: ${replyLine(reply)}`, reply },
        phase,
      );
      this.close();
      return;
    }
    const transition = phases[phase](reply, this.state);
    const ended = this.state.ends.length;
    this.state = transition.state;
    const sealed = sealedVerdicts(this.state, ended);
    if (sealed.length) this.options.onEvent?.({ type: 'settled', recipients: sealed });
    this.apply(transition.step, phase);
  }

  private apply(step: Step, from: Phase): void {
    switch (step.kind) {
      case 'send':
        writeCommands(this.socket, step.commands, this.logOut);
        this.expect(step.expect, true);
        return;
      case 'await':
        this.expect(step.expect, false);
        return;
      case 'starttls':
        this.startTls();
        return;
      case 'send-body':
        this.sendBody(step.body, step.size, step.quit);
        return;
      case 'finish':
        this.decide(step.end, from);
        if (step.quit) {
          if (!this.quitSent) writeCommands(this.socket, [quit()], this.logOut);
          this.quitSent = true;
          this.expect('quit', true);
        } else {
          if (step.end.outcome === 'quit-after')
            this.note(
              from,
              'Closing without QUIT; the server discards the unfinished transaction.',
            );
          this.close();
        }
        return;
    }
  }

  private onTimeout() {
    const phase = this.waitingOn;
    if (this.end) return this.close();
    if (this.handshaking && this.socket instanceof tls.TLSSocket) {
      this.onTlsHandshake(
        this.socket,
        new Error(`no handshake within ${duration(this.timeouts.tlsHandshake)}`),
      );
      return;
    }
    if (this.waitsForTlsFirst() && phase === 'banner')
      return this.fail(silentImplicitPortEnd(duration(this.implicitPortWait())), phase);
    const wait = duration(this.currentTimeout());
    this.fail(timeoutEnd(phase, wait, this.bodySent(), this.parser.midReply), phase);
  }

  private onClosed(error: Error | null) {
    if (this.end) return this.close();
    this.fail(closedEnd(this.waitingOn, error, this.bodySent()), this.waitingOn);
  }

  // ---- TLS ----------------------------------------------------------------------------------

  /**
   * Hand the socket to TLS; the handshake's end comes back to the loop as a 'tls' input.
   * After STARTTLS's 220, or (phase 'connect') at once for implicit TLS.
   */
  private startTls(plain = this.socket as Socket, phase: Phase = 'starttls') {
    this.handshaking = true;
    this.deadline.arm(this.timeouts.tlsHandshake);
    const servername = this.servername();
    const sni = servername ? ` (SNI ${servername})` : '';
    this.note(
      phase,
      phase === 'connect' ? `Starting TLS at once (implicit TLS)${sni}` : `Starting TLS${sni}`,
    );
    this.socket = upgradeToTls(
      plain,
      { servername, host: this.options.host, ca: this.options.ca },
      (secure, error) => this.inbox.push({ kind: 'tls', secure, error }),
    );
  }

  private onTlsHandshake(secure: TLSSocket, error: Error | null) {
    this.handshaking = false;
    const implicit = this.options.plan.tls === 'implicit';
    const phase: Phase = implicit ? 'connect' : 'starttls';
    if (error) {
      this.tlsHandshakeFailed = this.options.plan.tls === 'opportunistic';
      if (!implicit) this.timing('starttls', null);
      const end = implicit
        ? implicitHandshakeEnd(error)
        : tlsHandshakeEnd(error, this.tlsHandshakeFailed);
      return this.fail(end, phase);
    }
    this.attach(secure);
    this.tls = tlsDetails(secure, this.servername(), this.options.chainDigests);
    if (!implicit) this.timing('starttls', null);
    this.state = { ...this.state, tlsActive: true };
    this.note(phase, describeTls(this.tls));
    this.options.onEvent?.({ type: 'tls', tls: this.tls });
    if (this.options.plan.tlsVerify && !this.tls.verified)
      return this.apply(
        // Before the greeting (implicit TLS) there is no session to QUIT.
        { kind: 'finish', end: unverifiedEnd(this.tls, this.options.host), quit: !implicit },
        phase,
      );
    if (implicit) {
      if (this.options.plan.quitAfter === 'connect') {
        this.decide(
          { outcome: 'quit-after', reason: 'Stopped after connecting, as asked.', reply: null },
          'connect',
        );
        return this.close();
      }
      return this.expect('banner', true);
    }
    const transition = afterTls(this.state);
    this.state = transition.state;
    this.apply(transition.step, 'starttls');
  }

  /** SNI and the name the certificate must match: the MX host name, never an IP address. */
  private servername(): string | null {
    return this.options.servername ?? (net.isIP(this.options.host) ? null : this.options.host);
  }

  // ---- writing ------------------------------------------------------------------------------

  /** The transcript's `->` lines, as the session-output functions write them. */
  private readonly logOut = (phase: Phase, text: string, bytes?: number) =>
    this.line('out', phase, text, bytes);

  private sendBody(body: Buffer, size: number, withQuit: boolean) {
    writeMessage(this.socket, { body, size, withQuit }, this.logOut, () =>
      this.inbox.push({ kind: 'written' }),
    );
    if (withQuit) this.quitSent = true;
    this.expect('body', true);
  }

  private bodySent(): boolean {
    return this.state.replies[this.state.txIndex]?.bodySent === true;
  }

  // ---- bookkeeping ----------------------------------------------------------------------------

  private expect(phase: Phase, fresh: boolean) {
    this.waitingOn = phase;
    if (fresh) this.phaseStartedAt = Date.now();
    this.options.onEvent?.({ type: 'phase', phase, at: isoNow() });
    this.deadline.arm(timeoutFor(phase, this.timeouts));
  }

  /** Plaintext on the implicit-TLS port: the server is likely waiting for our TLS hello. */
  private waitsForTlsFirst(): boolean {
    return this.options.port === IMPLICIT_TLS_PORT && this.options.plan.tls !== 'implicit';
  }

  private implicitPortWait(): number {
    return Math.min(IMPLICIT_PORT_BANNER_MS, timeoutFor('banner', this.timeouts));
  }

  private currentTimeout(): number {
    if (this.waitingOn === 'body' && this.bodySent()) return this.timeouts.dataTermination;
    return timeoutFor(this.waitingOn, this.timeouts);
  }

  private decide(end: TransactionEnd, phase: Phase) {
    if (this.end) return;
    this.end = end;
    this.endPhase = phase;
    if (this.state.capabilities) this.capabilities = this.state.capabilities;
  }

  /** Say why in the transcript, settle the outcome, close: how a session breaks off. */
  private fail(end: TransactionEnd, phase: Phase) {
    this.note(phase, end.reason);
    this.decide(end, phase);
    this.close();
  }

  private close() {
    this.deadline.clear();
    this.socket?.destroy();
    this.finished = true;
    this.whenFinished?.();
  }

  private timing(phase: Phase, reply: Reply | null) {
    this.record.timing(phase, this.phaseStartedAt, reply);
  }

  private note(phase: Phase, text: string) {
    this.line('note', phase, text);
  }

  private line(dir: TranscriptLine['dir'], phase: Phase, text: string, bytes?: number) {
    this.record.line(dir, this.state.tlsActive, phase, text, bytes);
  }

  private result(): SessionResult {
    return finishedSession(this.state, this.end, this.record, {
      host: this.options.host,
      port: this.options.port,
      address: this.remoteAddress,
      phase: this.endPhase,
      tls: this.tls,
      capabilities: this.capabilities ?? this.state.capabilities,
      startedAt: isoNow(this.startedAt),
      tlsHandshakeFailed: this.tlsHandshakeFailed,
    });
  }
}
