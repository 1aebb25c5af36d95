import net, { type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { type Command, quit } from './commands';
import { dial } from './dial';
import type { TransactionEnd } from './phases';
import type { LogOut } from './session-output';
import { writeCommands, writeMessage } from './session-output';
import { type UpgradeOptions, upgradeToTls } from './tls-upgrade';

/** Everything that reaches the session's loop, one at a time (serial-inbox.ts). */
export type SessionInput =
  | { kind: 'data'; chunk: Buffer }
  | { kind: 'closed'; error: Error | null }
  | { kind: 'timeout' }
  | { kind: 'written' }
  | { kind: 'tls'; secure: TLSSocket; error: Error | null }
  | { kind: 'cancel' }
  /** Another address of the walk won the race (race-addresses.ts): stop, saying why. */
  | { kind: 'abandon'; reason: string }
  /** The race's answer to this session's greeting: go on to EHLO, or not. */
  | { kind: 'gate'; go: boolean };

/**
 * The session's connection: what it writes (each line logged as it goes), its events turned
 * into loop inputs, the move to TLS. Decides nothing; session.ts says what and when.
 */
export class SessionSocket {
  private socket: Socket | TLSSocket | null = null;
  /** The TLS handshake under way: after STARTTLS's 220, or at once for implicit TLS. */
  handshake: TLSSocket | null = null;
  /** The IP address connected to, once dialled. */
  address: string | null = null;
  /** QUIT already went out (pipelined after the final dot, or on its own). */
  private quitSent = false;
  /** Ends a connect in progress. */
  private abortDial: (() => void) | null = null;

  constructor(
    private readonly push: (input: SessionInput) => void,
    private readonly log: LogOut,
  ) {}

  /**
   * Open the TCP connection (dial.ts). Resolves with how it failed, or null once connected;
   * `address` is then the address connected to (known without asking the kernel for an IP).
   */
  async dial(
    host: string,
    port: number,
    timeoutMs: number,
    localAddress?: string,
  ): Promise<TransactionEnd | null> {
    const dialling = dial(host, port, timeoutMs, localAddress);
    this.abortDial = dialling.cancel;
    const failure = await dialling.result;
    this.abortDial = null;
    this.address = net.isIP(host) ? host : (dialling.socket.remoteAddress ?? null);
    if (failure) dialling.socket.destroy();
    else this.socket = dialling.socket;
    return failure;
  }

  /** Stop a connect in progress (its dial resolves "cancelled"). */
  cancelDial(): void {
    this.abortDial?.();
  }

  /** Let the connected socket's data and ends reach the loop. */
  listen(): void {
    if (this.socket) this.attach(this.socket);
  }

  send(commands: Command[]): void {
    writeCommands(this.socket, commands, this.log);
  }

  /** The message, with QUIT pipelined after it when `withQuit`; 'written' once it has left. */
  sendBody(body: Buffer, size: number, withQuit: boolean): void {
    writeMessage(this.socket, { body, size, withQuit }, this.log, () =>
      this.push({ kind: 'written' }),
    );
    if (withQuit) this.quitSent = true;
  }

  /** QUIT, unless it already went out after the body. */
  quit(): void {
    if (!this.quitSent) this.send([quit()]);
    this.quitSent = true;
  }

  /** Hand the socket to TLS; the handshake's end comes back as a 'tls' input. */
  startTls(options: UpgradeOptions): void {
    if (!this.socket) return;
    this.handshake = upgradeToTls(this.socket, options, (secure, error) =>
      this.push({ kind: 'tls', secure, error }),
    );
    this.socket = this.handshake;
  }

  /** The handshake is over; when it went through, the secure socket carries the session on. */
  handshakeEnded(secure: TLSSocket | null): void {
    this.handshake = null;
    if (secure) this.attach(secure);
  }

  destroy(): void {
    this.socket?.destroy();
  }

  private attach(socket: Socket | TLSSocket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.push({ kind: 'data', chunk }));
    socket.on('error', (error) => this.push({ kind: 'closed', error }));
    socket.on('close', () => this.push({ kind: 'closed', error: null }));
  }
}
