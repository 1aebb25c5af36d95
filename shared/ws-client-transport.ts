import type { EventMessage, RequestChannel } from './contract';
import type { ClientTransport, RpcResult, WsServerFrame } from './rpc';

/** The part of the WebSocket API we use; satisfied by the browser's and by the `ws` package's. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WsClientTransport extends ClientTransport {
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

const OPEN = 1;

/** Client side of the web bridge: request/response by id, plus pushed event batches. */
export function createWsClientTransport(socket: WebSocketLike): WsClientTransport {
  let nextId = 1;
  let state: ConnectionState = socket.readyState === OPEN ? 'open' : 'connecting';
  const pending = new Map<number, (result: RpcResult<unknown>) => void>();
  const queued: string[] = [];
  const eventListeners = new Set<(batch: EventMessage[]) => void>();
  const stateListeners = new Set<(s: ConnectionState) => void>();

  const setState = (next: ConnectionState) => {
    state = next;
    for (const l of stateListeners) l(next);
  };

  socket.addEventListener('open', () => {
    setState('open');
    for (const frame of queued.splice(0)) socket.send(frame);
  });
  socket.addEventListener('close', () => {
    setState('closed');
    for (const [id, resolve] of pending) {
      pending.delete(id);
      resolve({
        ok: false,
        error: { kind: 'transport-closed', message: 'The connection to MXray was closed.' },
      });
    }
  });
  socket.addEventListener('message', ({ data }) => {
    const frame = JSON.parse(String(data)) as WsServerFrame;
    if ('events' in frame) {
      for (const l of eventListeners) l(frame.events);
      return;
    }
    pending.get(frame.id)?.(frame.result);
    pending.delete(frame.id);
  });

  return {
    get state() {
      return state;
    },
    call(channel: RequestChannel, payload: unknown) {
      if (state === 'closed') {
        return Promise.resolve({
          ok: false,
          error: { kind: 'transport-closed', message: 'The connection to MXray is closed.' },
        });
      }
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, payload });
      return new Promise<RpcResult<unknown>>((resolve) => {
        pending.set(id, resolve);
        if (state === 'open') socket.send(frame);
        else queued.push(frame);
      });
    },
    onEvents(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close: () => socket.close(),
  };
}
