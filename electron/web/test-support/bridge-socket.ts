import WebSocket from 'ws';
import { wsProtocols } from '../../../shared/web-access';

/** A contract socket to a web bridge, opened as MXray's own tab opens it. */
export function bridgeSocket(port: number, token: string): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${port}/rpc`, wsProtocols(token));
}

/**
 * What the bridge answers an upgrade to /rpc: 'open', or the HTTP status it refused with.
 * `protocols` are the subprotocols offered (none: a client that knows no token).
 */
export function socketAnswer(
  port: number,
  options: { protocols?: string[]; headers?: Record<string, string>; path?: string } = {},
) {
  return new Promise<'open' | number>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${options.path ?? '/rpc'}`, options.protocols, {
      headers: options.headers,
    });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => {});
  });
}
