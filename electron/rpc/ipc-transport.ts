import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { requestChannels } from '../../shared/contract';
import { IPC_EVENTS_CHANNEL, ipcRequestChannel } from '../../shared/rpc';
import { type EventHub, windowKey } from './event-hub';
import { originOf, type Sender } from './sender';
import type { RpcServer } from './server';

type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;
type InvokeEventLike = { sender: Pick<WebContents, 'id'>; senderFrame: { url: string } | null };
type EventTarget = Pick<WebContents, 'send' | 'isDestroyed' | 'id'>;

function senderOf(event: InvokeEventLike): Sender {
  return {
    transport: 'ipc',
    id: String(event.sender.id),
    origin: originOf(event.senderFrame?.url),
  };
}

/**
 * Electron transport, server side: one ipcMain.handle per contract request, and event batches
 * sent to every window `targets` lists (the live detail of a delivery only to its followers). Returns the unbind function.
 */
export function bindIpcTransport(
  ipcMain: IpcMainLike,
  server: RpcServer,
  hub: EventHub,
  targets: () => EventTarget[],
): () => void {
  for (const channel of requestChannels) {
    ipcMain.handle(
      ipcRequestChannel(channel),
      (event: IpcMainInvokeEvent | InvokeEventLike, payload) =>
        server.handle(channel, payload, senderOf(event)),
    );
  }
  const unsubscribe = hub.subscribe((batch) => {
    for (const target of targets()) {
      if (target.isDestroyed()) continue;
      // A window gets the live detail only of the delivery it follows (outbox.follow).
      const mine = hub.visibleTo(windowKey({ transport: 'ipc', id: String(target.id) }), batch);
      if (mine.length) target.send(IPC_EVENTS_CHANNEL, mine);
    }
  });
  return () => {
    for (const channel of requestChannels) ipcMain.removeHandler(ipcRequestChannel(channel));
    unsubscribe();
  };
}
