import {
  type EventMessage,
  type EventName,
  type EventPayload,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
  requestChannels,
} from './contract';
import { type ClientTransport, RpcCallError } from './rpc';

export type Api = {
  [C in RequestChannel]: (payload: RequestOf<C>) => Promise<ResponseOf<C>>;
};

export interface RpcClient {
  api: Api;
  /** Listen to one event; returns the unsubscribe function. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Listen to every batch as it arrives (one per main-process tick). */
  onBatch(listener: (batch: EventMessage[]) => void): () => void;
}

/** The generic client: one typed method per request, whatever the transport. */
export function createRpcClient(transport: ClientTransport): RpcClient {
  const api = {} as Record<RequestChannel, (payload: unknown) => Promise<unknown>>;
  for (const channel of requestChannels) {
    api[channel] = async (payload) => {
      const result = await transport.call(channel, payload);
      if (!result.ok) throw new RpcCallError(result.error);
      return result.value;
    };
  }
  return {
    api: api as Api,
    on(name, listener) {
      return transport.onEvents((batch) => {
        for (const event of batch) {
          if (event.name === name) listener(event.payload as EventPayload<typeof name>);
        }
      });
    },
    onBatch: (listener) => transport.onEvents(listener),
  };
}
