import net, { type Socket } from 'node:net';
import tls from 'node:tls';
import type { KeyAndCert } from './certs';

/**
 * A hostile-server harness: a real TCP server on loopback whose every connection runs a
 * script. Scripts read exactly what the client sent and answer byte for byte, so each test
 * can misbehave in its own way (split replies, stall, close at the worst moment…).
 */
export interface ScriptedConnection {
  /** Write lines, each followed by CRLF. */
  reply(...lines: string[]): void;
  /** Write bytes exactly as given. */
  raw(data: string | Buffer): void;
  /** The next line from the client, without its CRLF. */
  line(): Promise<string>;
  /** The DATA body up to and including the final "\r\n.\r\n", as raw bytes. */
  dataBody(): Promise<Buffer>;
  /** Upgrade to TLS (after answering STARTTLS with 220). */
  startTls(credentials: KeyAndCert): Promise<void>;
  /** Wait until the client closes or the server is stopped. */
  closed(): Promise<void>;
  end(): void;
  destroy(): void;
  /** Every byte the client sent on this connection (after TLS: the decrypted bytes). */
  received(): Buffer;
}

export interface ScriptedServer {
  host: string;
  port: number;
  connections: number;
  /** Errors thrown by scripts (a failed expectation inside a script shows up here). */
  errors: Error[];
  close(): Promise<void>;
}

export async function startScriptedServer(
  script: (c: ScriptedConnection, index: number) => Promise<void>,
  host = '127.0.0.1',
  port = 0,
): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const state: ScriptedServer = {
    host,
    port: 0,
    connections: 0,
    errors: [],
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const index = state.connections++;
    script(connection(socket), index).catch((error: Error) => {
      state.errors.push(error);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  state.port = (server.address() as net.AddressInfo).port;
  return state;
}

function connection(plain: Socket): ScriptedConnection {
  let socket: Socket = plain;
  let buffer = Buffer.alloc(0);
  const all: Buffer[] = [];
  let wake: (() => void) | null = null;
  let isClosed = false;
  const closeWaiters: (() => void)[] = [];

  const listen = (s: Socket) => {
    s.on('data', (chunk: Buffer) => {
      all.push(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      wake?.();
    });
    s.on('close', () => {
      isClosed = true;
      wake?.();
      for (const w of closeWaiters.splice(0)) w();
    });
    s.on('error', () => {});
  };
  listen(plain);

  async function until(find: () => number, what: string): Promise<Buffer> {
    for (;;) {
      const end = find();
      if (end >= 0) {
        const out = buffer.subarray(0, end);
        buffer = buffer.subarray(end);
        return out;
      }
      if (isClosed) throw new Error(`client closed while the script waited for ${what}`);
      await new Promise<void>((r) => {
        wake = r;
      });
      wake = null;
    }
  }

  return {
    reply: (...lines) => socket.write(lines.map((l) => `${l}\r\n`).join('')),
    raw: (data) => socket.write(data),
    async line() {
      const bytes = await until(() => {
        const i = buffer.indexOf('\r\n');
        return i < 0 ? -1 : i + 2;
      }, 'a command line');
      return bytes.subarray(0, -2).toString('utf8');
    },
    dataBody: () =>
      until(() => {
        if (buffer.subarray(0, 3).toString() === '.\r\n') return 3;
        const i = buffer.indexOf('\r\n.\r\n');
        return i < 0 ? -1 : i + 5;
      }, 'the end of DATA'),
    async startTls({ key, cert }) {
      plain.removeAllListeners('data');
      plain.removeAllListeners('close');
      const secure = new tls.TLSSocket(plain, { isServer: true, key, cert });
      listen(secure);
      socket = secure;
      await new Promise<void>((resolve, reject) => {
        secure.once('secure', resolve);
        secure.once('error', reject);
      });
    },
    closed: () => (isClosed ? Promise.resolve() : new Promise<void>((r) => closeWaiters.push(r))),
    end: () => socket.end(),
    destroy: () => socket.destroy(),
    received: () => Buffer.concat(all),
  };
}
