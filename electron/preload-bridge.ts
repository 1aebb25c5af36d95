import type { IpcRenderer } from 'electron';
import { type EventMessage, type RequestChannel, requestChannels } from '../shared/contract';
import { IPC_EVENTS_CHANNEL, ipcRequestChannel, type RpcResult } from '../shared/rpc';

type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/** What the preload exposes as `window.mxray`: one method per request, and event batches. */
export interface PreloadBridge {
  requests: Record<RequestChannel, (payload: unknown) => Promise<RpcResult<unknown>>>;
  /** The IPC event object never reaches the page: listeners get the batch only. */
  onEvents(listener: (batch: EventMessage[]) => void): () => void;
}

export function createPreloadBridge(ipc: IpcRendererLike): PreloadBridge {
  const requests = {} as PreloadBridge['requests'];
  for (const channel of requestChannels) {
    requests[channel] = (payload) => ipc.invoke(ipcRequestChannel(channel), payload);
  }
  return {
    requests,
    onEvents(listener) {
      const forward = (_event: unknown, batch: EventMessage[]) => listener(batch);
      ipc.on(IPC_EVENTS_CHANNEL, forward);
      return () => {
        ipc.removeListener(IPC_EVENTS_CHANNEL, forward);
      };
    },
  };
}
