import type { RequestChannel } from '../../../shared/contract';
import type { ClientTransport } from '../../../shared/rpc';
import { createRpcClient, type RpcClient } from '../../../shared/rpc-client';
import { type ConnectionState, createWsClientTransport } from '../../../shared/ws-client-transport';

export type TransportKind = 'electron-ipc' | 'websocket';

export interface Connection {
  client: RpcClient;
  kind: TransportKind;
  state(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
}

/** Inside Electron the preload's bridge; in a browser the web bridge's WebSocket. */
export function connect(): Connection {
  const bridge = window.mxray;
  if (bridge) {
    const transport: ClientTransport = {
      call: (channel: RequestChannel, payload) => bridge.requests[channel](payload),
      onEvents: (listener) => bridge.onEvents(listener),
    };
    return {
      client: createRpcClient(transport),
      kind: 'electron-ipc',
      state: () => 'open',
      onStateChange: () => () => {},
    };
  }
  const url = new URL('rpc', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const transport = createWsClientTransport(new WebSocket(url));
  return {
    client: createRpcClient(transport),
    kind: 'websocket',
    state: () => transport.state,
    onStateChange: (listener) => transport.onStateChange(listener),
  };
}
