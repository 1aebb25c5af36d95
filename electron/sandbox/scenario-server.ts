import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import {
  type ChaosKnobs,
  type DisconnectAt,
  type MessageClient,
  REFUSALS,
  type Refusal,
} from '../../shared/sandbox';
import { Greylist } from '../smtp/greylist';
import { KNOWN_USERS, type ScenarioHostSpec } from './scenarios';

/** What an embedded server took in: handed to the inbox before the final reply is sent. */
export interface ReceivedMessage {
  scenario: string;
  host: string;
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
  /** The chaos closed the connection instead of answering the final dot. */
  unacknowledged: boolean;
  /** The client as this server saw it: its address, the name it gave in EHLO/HELO, and TLS. */
  client: MessageClient;
}

export interface ScenarioHostOptions {
  scenario: string;
  spec: ScenarioHostSpec;
  /** Read on every connection and command, so changes apply at once. */
  knobs: () => ChaosKnobs;
  tls: { key: string; cert: string };
  /** Store the message; resolves to the id the 250 reply names. */
  onMessage: (message: ReceivedMessage) => Promise<string>;
  random?: () => number;
}

export interface RunningHost {
  address: string;
  port: number;
  connections(): number;
  close(): Promise<void>;
}

const ADDRESS = '127.0.0.1';
/** Big enough for the compose screen's 36 MB of attachments once base64-encoded. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * The parts of smtp-server's connection the chaos needs and its public API does not offer:
 * the socket (to drop it) and the command entry point (to delay or drop on a verb). Pinned
 * smtp-server version; the sandbox tests fail if these move.
 */
interface ConnectionInternals {
  id: string;
  _socket: net.Socket;
  _onCommand(command: Buffer, callback?: () => void): void;
}

/** Who handed over a message: what a receiving MX knows of its client when judging the mail. */
function messageClient(session: SMTPServerSession, socket: net.Socket | undefined): MessageClient {
  const tls = session.secure ? (socket as TLSSocket | undefined) : undefined;
  return {
    ip: session.remoteAddress.replace(/^::ffff:/, ''),
    helo: session.hostNameAppearsAs || null,
    tls: session.secure
      ? {
          protocol: tls?.getProtocol?.() ?? null,
          cipher: tls?.getCipher?.()?.name ?? null,
        }
      : null,
  };
}

const verbPhases: Record<string, DisconnectAt> = {
  EHLO: 'ehlo',
  HELO: 'ehlo',
  MAIL: 'mail',
  RCPT: 'rcpt',
  DATA: 'data',
};

const smtpError = (code: number, text: string) =>
  Object.assign(new Error(text), { responseCode: code });

/**
 * A provider's refusal, word for word and line for line: smtp-server's send() writes an error
 * whose message is an array as a multi-line reply ("550-…", "550 …"); a 421 also closes.
 */
const providerRefusal = (refusal: (typeof REFUSALS)[Refusal]) =>
  Object.assign(new Error(refusal.lines.join(' ')), {
    responseCode: refusal.code,
    message: [...refusal.lines] as unknown as string,
  });

const later = (ms: number, fn: () => void) => (ms > 0 ? setTimeout(fn, ms) : fn());

/** A port that refuses connections: bound for a moment to learn a free number, then released. */
async function refusingPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, ADDRESS, resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** One sandbox MX host: smtp-server on 127.0.0.1 playing its behaviour, under its chaos knobs. */
export async function startScenarioHost(options: ScenarioHostOptions): Promise<RunningHost> {
  const { spec, knobs } = options;
  if (spec.behaviour === 'refuse-connection') {
    const port = await refusingPort();
    return { address: ADDRESS, port, connections: () => 0, close: async () => {} };
  }
  const random = options.random ?? Math.random;
  const greylist = new Greylist();
  const live = new Map<string, ConnectionInternals>();
  let connections = 0;

  const checkRecipient = (address: string, session: SMTPServerSession): Error | null => {
    const refuseAs = knobs().refuseAs;
    // A provider's refusal is about the client, so it comes before any mailbox is looked at.
    if (refuseAs !== 'off') return providerRefusal(REFUSALS[refuseAs]);
    const local = address.slice(0, address.lastIndexOf('@')).toLowerCase();
    if (spec.behaviour === 'known-users' && !KNOWN_USERS.includes(local))
      return smtpError(550, `5.1.1 <${address}>: no such user here`);
    if (spec.behaviour === 'mailbox-full')
      return smtpError(452, `4.2.2 <${address}>: mailbox full, try again later`);
    const k = knobs();
    if (k.rejectRate > 0 && random() < k.rejectRate) return smtpError(k.rejectCode, k.rejectText);
    const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const wait = greylist.check(
      `${session.remoteAddress}|${sender}|${address}`,
      k.greylistDelaySeconds * 1000,
    );
    if (wait > 0)
      return smtpError(450, `4.7.1 Greylisted, try again in ${Math.ceil(wait / 1000)} seconds`);
    return null;
  };

  class ScenarioServer extends SMTPServer {
    override connect(socket: net.Socket, socketOptions?: Parameters<SMTPServer['connect']>[1]) {
      connections++;
      if (knobs().disconnectAt === 'connect') {
        socket.destroy();
        return;
      }
      super.connect(socket, socketOptions);
      const connection = [...this.connections].at(-1) as unknown as ConnectionInternals;
      live.set(connection.id, connection);
      socket.once('close', () => live.delete(connection.id));
      const onCommand = connection._onCommand.bind(connection);
      connection._onCommand = (command, callback) => {
        const verb = command.toString('latin1').split(' ', 1)[0]?.toUpperCase() ?? '';
        const k = knobs();
        if (k.disconnectAt !== 'never' && verbPhases[verb] === k.disconnectAt) {
          connection._socket.destroy();
          return;
        }
        if (verb === 'STARTTLS' && spec.behaviour === 'broken-tls') {
          // Go ahead, then answer the client's TLS hello in plain text: the handshake fails.
          // (The parser holds the socket until this command's callback, which never comes.)
          const socket = connection._socket;
          socket.write('220 2.0.0 Ready to start TLS\r\n');
          setTimeout(() => socket.end('this is not TLS\r\n'), 50);
          return;
        }
        later(k.replyDelayMs, () => onCommand(command, callback));
      };
    }
  }

  const server = new ScenarioServer({
    name: spec.name,
    banner: `MXray sandbox (${options.scenario})`,
    key: options.tls.key,
    cert: options.tls.cert,
    size: MAX_MESSAGE_BYTES,
    authOptional: true,
    disabledCommands: ['AUTH'],
    disableReverseLookup: true,
    logger: false,
    onConnect(session, callback) {
      const k = knobs();
      session.disabledCommands = k.offerStarttls ? ['AUTH'] : ['AUTH', 'STARTTLS'];
      // Silent: the connection is taken and nothing is ever said (smtp-server greets on callback).
      if (spec.behaviour === 'silent') return;
      later(k.replyDelayMs, () =>
        spec.behaviour === 'greet-421'
          ? callback(smtpError(421, `4.3.2 ${spec.name} is too busy, try another MX`))
          : callback(),
      );
    },
    onRcptTo(address, session, callback) {
      callback(checkRecipient(address.address, session) ?? undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(552, '5.3.4 Message too big for the sandbox'));
          return;
        }
        const drop = knobs().disconnectAt === 'dot';
        const message: ReceivedMessage = {
          scenario: options.scenario,
          host: spec.name,
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          unacknowledged: drop,
          client: messageClient(session, live.get(session.id)?._socket),
        };
        options.onMessage(message).then(
          (id) => {
            if (drop) live.get(session.id)?._socket.destroy();
            else later(knobs().replyDelayMs, () => callback(null, `2.0.0 Ok: queued as ${id}`));
          },
          () => callback(smtpError(451, '4.3.0 The sandbox could not store the message')),
        );
      });
    },
  });
  // Clients that vanish mid-session are part of the job; anything else is worth a line.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (!['ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(error.code ?? ''))
      console.warn(`MXray sandbox: ${spec.name}: ${error.message}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, ADDRESS, () => resolve());
  });
  const { port } = server.server.address() as net.AddressInfo;
  return {
    address: ADDRESS,
    port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of live.values()) c._socket.destroy();
        server.close(() => resolve());
      }),
  };
}
