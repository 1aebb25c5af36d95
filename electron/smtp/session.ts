import net, { type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import type { Phase, Reply, TlsDetails, TranscriptLine } from '../../shared/smtp';
import type { Capabilities } from './capabilities';
import { isoNow } from './clock';
import type { Command } from './commands';
import { quit } from './commands';
import { headerBlock } from './data-block';
import { duration, tlsErrorText } from './describe';
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
import { type ParsedReply, ProtocolError, ReplyParser } from './reply-parser';
import { closedEnd, timeoutEnd } from './session-endings';
import { SessionRecord } from './session-record';
import { FinishedSession, sessionVerdicts } from './session-result';
import type { SessionEvent, SessionInfo, SessionOptions, SessionResult } from './session-types';
import { DEFAULT_TIMEOUTS, type Timeouts, timeoutFor } from './timeouts';
import { describeTls, tlsDetails } from './tls-details';
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
 * in arrival order. What to say next is decided by the pure phase functions in phases.ts.
 */
export class SmtpSession {
  /** Inputs that arrive while handle() runs (a listener cancelling, say) wait their turn. */
  private readonly backlog: Input[] = [];
  private handling = false;
  private whenFinished: (() => void) | null = null;
  private readonly deadline = new Deadline(() => this.receive({ kind: 'timeout' }));
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
    this.receive({ kind: 'cancel' });
  }

  async run(): Promise<SessionResult> {
    if (await this.connect()) {
      await new Promise<void>((resolve) => {
        this.whenFinished = resolve;
        if (this.finished) resolve();
      });
    }
    const result = this.result();
    this.emit({ type: 'done', result });
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
      this.note('connect', failure.reason);
      this.decide(failure, 'connect');
      this.finished = true;
      return false;
    }
    this.note('connect', `Connected to ${this.remoteAddress}:${port}`);
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
    return true;
  }

  private attach(socket: Socket | TLSSocket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.receive({ kind: 'data', chunk }));
    socket.on('error', (error) => this.receive({ kind: 'closed', error }));
    socket.on('close', () => this.receive({ kind: 'closed', error: null }));
  }

  // ---- the loop's one switch --------------------------------------------------------------

  private receive(input: Input): void {
    if (this.handling) {
      this.backlog.push(input);
      return;
    }
    this.handling = true;
    try {
      this.handle(input);
      for (let next = this.backlog.shift(); next; next = this.backlog.shift()) this.handle(next);
    } finally {
      this.handling = false;
    }
  }

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
          this.armTimer(this.timeouts.dataTermination);
        }
        return;
      case 'data':
        this.onData(input.chunk);
        return;
    }
  }

  private onData(chunk: Buffer) {
    this.armTimer(this.currentTimeout());
    let replies: ParsedReply[];
    try {
      replies = this.parser.push(chunk);
    } catch (error) {
      const reason = error instanceof ProtocolError ? error.message : String(error);
      this.note(this.waitingOn, reason);
      this.decide({ outcome: 'protocol-error', reason, reply: null }, this.waitingOn);
      this.close();
      return;
    }
    for (const reply of replies) {
      this.logReply(reply);
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
    }
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
    this.state = transition.state;
    this.apply(transition.step, phase);
  }

  private apply(step: Step, from: Phase): void {
    switch (step.kind) {
      case 'send':
        this.write(step.commands);
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
          if (!this.quitSent) this.write([quit()]);
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
    if (phase === 'starttls' && this.socket instanceof tls.TLSSocket && !this.state.tlsActive) {
      this.onTlsHandshake(
        this.socket,
        new Error(`no handshake within ${duration(this.timeouts.tlsHandshake)}`),
      );
      return;
    }
    const end = timeoutEnd(phase, duration(this.currentTimeout()), this.bodySent());
    this.note(phase, end.reason);
    this.decide(end, phase);
    this.close();
  }

  private onClosed(error: Error | null) {
    if (this.end) return this.close();
    const phase = this.waitingOn;
    const end = closedEnd(phase, error, this.bodySent());
    this.note(phase, end.reason);
    this.decide(end, phase);
    this.close();
  }

  // ---- TLS ----------------------------------------------------------------------------------

  /** Hand the socket to TLS; the handshake's end comes back to the loop as a 'tls' input. */
  private startTls() {
    const plain = this.socket as Socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    this.armTimer(this.timeouts.tlsHandshake);
    const servername = this.servername();
    this.note('starttls', `Starting TLS${servername ? ` (SNI ${servername})` : ''}`);
    const secure = tls.connect({
      socket: plain,
      servername: servername ?? undefined,
      rejectUnauthorized: false, // we verify ourselves, to report the result instead of failing
      ca: this.options.ca ? [...tls.rootCertificates, ...[this.options.ca].flat()] : undefined,
    });
    this.socket = secure;
    const done = (error: Error | null) => {
      secure.removeAllListeners('secureConnect');
      secure.removeAllListeners('error');
      secure.removeAllListeners('close');
      this.receive({ kind: 'tls', secure, error });
    };
    secure.once('secureConnect', () => done(null));
    secure.once('error', (error) => done(error));
    secure.once('close', () => done(new Error('the server closed the connection')));
  }

  private onTlsHandshake(secure: TLSSocket, error: Error | null) {
    if (error) {
      this.tlsHandshakeFailed = this.options.plan.tls === 'opportunistic';
      const reason = `The TLS handshake failed: ${tlsErrorText(error)}.${this.tlsHandshakeFailed ? ' A plaintext session may still work.' : ''}`;
      this.note('starttls', reason);
      this.timing('starttls', null);
      this.decide({ outcome: 'tls-failed', reason, reply: null }, 'starttls');
      this.close();
      return;
    }
    this.attach(secure);
    this.tls = tlsDetails(secure, this.servername());
    this.timing('starttls', null);
    this.state = { ...this.state, tlsActive: true };
    this.note('starttls', describeTls(this.tls));
    this.emit({ type: 'tls', tls: this.tls });
    if (this.options.plan.tlsVerify && !this.tls.verified) {
      const reason = `The certificate does not verify (${this.tls.verifyError}), and verification is required.`;
      return this.apply(
        { kind: 'finish', end: { outcome: 'tls-failed', reason, reply: null }, quit: true },
        'starttls',
      );
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

  private write(commands: Command[]) {
    for (const c of commands) this.line('out', c.phase, c.display);
    // Strings go to the socket as they are (UTF-8): no Buffer to build per command.
    this.socket?.write(
      commands.length === 1 ? (commands[0] as Command).line : commands.map((c) => c.line).join(''),
    );
  }

  private sendBody(body: Buffer, size: number, withQuit: boolean) {
    const headers = headerBlock(body);
    this.line('out', 'body', `${headers}\n\n[message body: ${size} bytes in all]`, body.length);
    this.line('out', 'body', '.');
    this.expect('body', true);
    const socket = this.socket;
    if (!socket) return;
    socket.cork(); // body and QUIT leave in one write
    socket.write(body, () => this.receive({ kind: 'written' }));
    if (withQuit) {
      const q = quit();
      this.line('out', 'quit', q.display);
      this.quitSent = true;
      socket.write(q.line);
    }
    socket.uncork();
  }

  private bodySent(): boolean {
    return this.state.replies[this.state.txIndex]?.bodySent === true;
  }

  // ---- bookkeeping ----------------------------------------------------------------------------

  private expect(phase: Phase, fresh: boolean) {
    this.waitingOn = phase;
    if (fresh) this.phaseStartedAt = Date.now();
    if (this.options.onEvent) this.emit({ type: 'phase', phase, at: isoNow() });
    this.armTimer(timeoutFor(phase, this.timeouts));
  }

  private currentTimeout(): number {
    if (this.waitingOn === 'body' && this.bodySent()) return this.timeouts.dataTermination;
    return timeoutFor(this.waitingOn, this.timeouts);
  }

  private armTimer(ms: number) {
    this.deadline.arm(ms);
  }

  private decide(end: TransactionEnd, phase: Phase) {
    if (this.end) return;
    this.end = end;
    this.endPhase = phase;
    if (this.state.capabilities) this.capabilities = this.state.capabilities;
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

  private logReply(reply: ParsedReply) {
    const last = reply.lines.length - 1;
    reply.lines.forEach((text, i) => {
      this.line('in', this.waitingOn, `${reply.code}${i < last ? '-' : ' '}${text}`.trimEnd());
    });
  }

  private note(phase: Phase, text: string) {
    this.line('note', phase, text);
  }

  private line(dir: TranscriptLine['dir'], phase: Phase, text: string, bytes?: number) {
    this.record.line(dir, this.state.tlsActive, phase, text, bytes);
  }

  private emit(event: SessionEvent) {
    this.options.onEvent?.(event);
  }

  private result(): SessionResult {
    const end = this.end ?? {
      outcome: 'connection-lost',
      reason: 'The session ended without a decision.',
      reply: null,
    };
    const { recipients, transactions } = sessionVerdicts(this.state, end);
    return new FinishedSession(
      {
        host: this.options.host,
        port: this.options.port,
        address: this.remoteAddress,
        outcome: end.outcome,
        phase: this.endPhase,
        reply: end.reply,
        reason: end.reason,
        recipients,
        transactions,
        tls: this.tls,
        capabilities: this.capabilities ?? this.state.capabilities,
        startedAt: isoNow(this.startedAt),
        endedAt: isoNow(),
        tlsHandshakeFailed: this.tlsHandshakeFailed,
      },
      this.record,
    );
  }
}
