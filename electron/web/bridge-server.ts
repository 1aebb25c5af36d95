import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { WsRequestFrame, WsServerFrame } from '../../shared/rpc';
import { bridgeUrl, WS_PROTOCOL } from '../../shared/web-access';
import { type EventHub, windowKey } from '../rpc/event-hub';
import { createRpcServer, type Handlers } from '../rpc/server';
import { securityHeaders } from '../security/csp';
import { checkAccess, newToken } from './access';
import { readStatic } from './static-files';

export interface BridgeOptions {
  rendererDir: string;
  handlers: Handlers;
  hub: EventHub;
  /** 0 picks a free port. */
  port?: number;
  /** Documents main makes on request (an inbox message's HTML), behind the same gate. */
  pages?: (path: string) => Promise<{ body: string; headers: Record<string, string> } | null>;
  token?: string;
}

export interface Bridge {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Largest frame a client may send; attachments travel through here later. */
const MAX_FRAME_BYTES = 32 * 1024 * 1024;

/**
 * Web mode: the built renderer and the contract over a WebSocket, on 127.0.0.1 only.
 * Every request passes the Host/Origin gate in access.ts; the socket and data pages need the
 * token too.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? newToken();
  let port = 0;
  let connections = 0;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    // The client offers [mxray, mxray-token.<token>]; answer with the first, never echo the token.
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  // Upgrade already checked token and Origin; the wrapper still asks, so no path skips it.
  const rpc = createRpcServer({
    handlers: options.handlers,
    isTrusted: (s) => s.transport === 'ws',
  });
  // Each tab's socket, by the key its requests carry: it gets the live detail only of the
  // delivery it follows (outbox.follow).
  const sockets = new Map<WebSocket, string>();
  const unsubscribe = options.hub.subscribe((batch) => {
    let whole: string | null = null; // the batch as it is, made once for every tab it suits
    for (const [client, key] of sockets) {
      if (client.readyState !== client.OPEN) continue;
      const mine = options.hub.visibleTo(key, batch);
      if (!mine.length) continue;
      const frame = (events: typeof batch) => JSON.stringify({ events } satisfies WsServerFrame);
      if (mine !== batch) client.send(frame(mine));
      else {
        whole ??= frame(batch);
        client.send(whole);
      }
    }
  });

  const server: Server = createServer((req, res) => {
    serveHttp(req, res).catch((error) => {
      console.error('MXray web: request failed', error);
      if (!res.headersSent) res.writeHead(500).end('Internal error');
    });
  });

  async function serveHttp(req: IncomingMessage, res: ServerResponse) {
    const refuse = (access: { status: number; reason: string }) => {
      res.writeHead(access.status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        `MXray refused this request (${access.reason}). Open the URL that "mxray web" printed.\n`,
      );
    };
    const place = checkAccess(req, token, port, 'nothing');
    if (!place.ok) return refuse(place);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    // The app's own files hold no data; they are what the printed URL opens.
    const file = await readStatic(options.rendererDir, pathname);
    if (file) {
      res.writeHead(200, {
        'Content-Type': file.type,
        'Cache-Control': 'no-cache',
        ...securityHeaders(),
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return;
    }
    // Anything else is made from the user's data, and opens only with its page key.
    const keyed = checkAccess(req, token, port, 'page-key');
    if (!keyed.ok) return refuse(keyed);
    const page = await options.pages?.(pathname);
    if (!page) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    res.writeHead(200, page.headers);
    res.end(req.method === 'HEAD' ? undefined : page.body);
  }

  server.on('upgrade', (req, socket, head) => {
    const access = checkAccess(req, token, port, 'socket');
    if (!access.ok || new URL(req.url ?? '/', 'http://x').pathname !== '/rpc') {
      const status = access.ok ? 404 : access.status;
      socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, req));
  });

  function serveSocket(ws: WebSocket, req: IncomingMessage) {
    const sender = {
      transport: 'ws' as const,
      id: String(++connections),
      origin: req.headers.origin ?? null,
    };
    sockets.set(ws, windowKey(sender));
    ws.on('close', () => {
      sockets.delete(ws);
      options.hub.follow(windowKey(sender), null);
    });
    ws.on('message', async (data) => {
      let frame: WsRequestFrame;
      try {
        frame = JSON.parse(String(data));
        if (typeof frame?.id !== 'number' || typeof frame.channel !== 'string') throw new Error();
      } catch {
        ws.close(1003, 'MXray expects {id, channel, payload} JSON frames');
        return;
      }
      const result = await rpc.handle(frame.channel, frame.payload, sender);
      if (ws.readyState === ws.OPEN)
        ws.send(JSON.stringify({ id: frame.id, result } satisfies WsServerFrame));
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: bridgeUrl(port, token),
    port,
    token,
    async close() {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
