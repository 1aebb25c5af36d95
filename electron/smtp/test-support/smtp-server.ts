import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  body: Buffer;
}

export interface TestSmtpServer {
  host: string;
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  received: Received[];
  close(): Promise<void>;
}

/** nodemailer's smtp-server on loopback; strict: only an exact CRLF.CRLF ends DATA. */
export async function startSmtpServer(
  options: Partial<SMTPServerOptions> = {},
  host = '127.0.0.1',
  listenPort = 0,
): Promise<TestSmtpServer> {
  const received: Received[] = [];
  let connections = 0;
  const server = new SMTPServer({
    name: 'mx.smtp-server.test',
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@')) {
        return callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          body: Buffer.concat(chunks),
        });
        callback(null, 'Message queued as TEST1');
      });
    },
    ...options,
  });
  // A client killed mid-session (the crash test does that) resets its socket: not a failure.
  server.on('error', (error: NodeJS.ErrnoException) => {
    // Nor is a client that hangs up before TLS began (a plaintext client on an implicit port).
    if (!['ECONNRESET', 'EPIPE', 'SocketError'].includes(error.code ?? '')) throw error;
  });
  await new Promise<void>((r) => server.listen(listenPort, host, r));
  const port = (server.server.address() as { port: number }).port;
  return {
    host,
    port,
    connections: () => connections,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
