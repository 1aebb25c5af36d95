import net, { type Socket } from 'node:net';
import { duration } from './describe';
import type { TransactionEnd } from './phases';

export interface Dialling {
  socket: Socket;
  /** null once connected; otherwise how the connect failed, in the session's terms. */
  result: Promise<TransactionEnd | null>;
  /** End the attempt now; `result` says "cancelled". */
  cancel(): void;
}

/** Open the TCP connection, with the connect timeout, telling refusal from silence. */
export function dial(
  host: string,
  port: number,
  timeoutMs: number,
  localAddress?: string,
): Dialling {
  const socket = net.connect({ host, port, localAddress, noDelay: true });
  let cancel = () => {};
  const result = new Promise<TransactionEnd | null>((resolve) => {
    const timer = setTimeout(() => {
      resolve({
        outcome: 'connect-timeout',
        reason: `No answer from ${host}:${port} within ${duration(timeoutMs)}.`,
        reply: null,
      });
    }, timeoutMs);
    const settle = (value: TransactionEnd | null) => {
      clearTimeout(timer);
      resolve(value);
    };
    socket.once('connect', () => settle(null));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const refused = error.code === 'ECONNREFUSED';
      settle({
        outcome: refused ? 'connect-refused' : 'connect-failed',
        reason: refused
          ? `${host}:${port} refused the connection.`
          : `Could not connect to ${host}:${port}: ${connectFailure(error)}`,
        reply: null,
      });
    });
    cancel = () =>
      settle({ outcome: 'cancelled', reason: 'Cancelled while connecting.', reply: null });
  });
  return { socket, result, cancel: () => cancel() };
}

/** Why a connection could not be opened, in words, with the system's code for searching. */
export function connectFailure(error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  const words: Record<string, string> = {
    EHOSTUNREACH:
      'no route to that host: the network has no path to it (a wrong address, a firewall, a VPN that is down)',
    ENETUNREACH:
      'this machine has no route to that network (an IPv6 address without IPv6, or no network at all)',
    ENOTFOUND: 'that name does not resolve to an address',
    EAI_AGAIN: 'DNS did not answer for that name; try again later',
    EADDRNOTAVAIL: 'that address cannot be reached from this machine',
    ETIMEDOUT: 'the connection timed out',
    ECONNRESET: 'the connection was reset while it opened',
    EACCES: 'this machine does not allow the connection (a local firewall rule)',
    EPERM: 'this machine does not allow the connection (a local firewall rule)',
  };
  const said = words[code];
  return said ? `${said} (${code}).` : `${error.message}.`;
}
