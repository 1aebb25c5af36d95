import type { RequestChannel } from '../../../shared/contract';
import type { ClientTransport } from '../../../shared/rpc';
import { createRpcClient, type RpcClient } from '../../../shared/rpc-client';
import { wsProtocols } from '../../../shared/web-access';
import { type ConnectionState, createWsClientTransport } from '../../../shared/ws-client-transport';
import { pageKey } from './web-token';

export type TransportKind = 'electron-ipc' | 'websocket';

export interface Connection {
  client: RpcClient;
  kind: TransportKind;
  state(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  /** Where a document made from the user's data (an inbox message's HTML) loads from. */
  dataPageUrl(path: string): Promise<string>;
}

/**
 * Inside Electron the preload's bridge; in a browser the web bridge's WebSocket, opened with
 * the tab's token (web-token.ts).
 */
export function connect(token: string | null): Connection {
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
      dataPageUrl: async (path) => `.${path}`,
    };
  }
  const url = new URL('rpc', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const transport = createWsClientTransport(new WebSocket(url, wsProtocols(token ?? '')));
  return {
    client: createRpcClient(transport),
    kind: 'websocket',
    state: () => transport.state,
    onStateChange: (listener) => transport.onStateChange(listener),
    dataPageUrl: async (path) => `.${path}?key=${await pageKey(token ?? '', path)}`,
  };
}
