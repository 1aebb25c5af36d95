// Stands in for Electron's ipcMain/ipcRenderer pair where no Electron binary exists. It keeps
// the behaviour the transport relies on: payloads are structured-cloned, handle/invoke is
// request/response, send() reaches `on` listeners with an event object first.
import { EventEmitter } from 'node:events';
import type { IpcMain, IpcRenderer, WebContents } from 'electron';

type Handler = (event: unknown, payload: unknown) => unknown;

export function createIpcPair(senderFrameUrl: string, webContentsId = 1) {
  const handlers = new Map<string, Handler>();
  const rendererSide = new EventEmitter();
  const invokeEvent = { sender: { id: webContentsId }, senderFrame: { url: senderFrameUrl } };

  const ipcMain = {
    handle(channel: string, handler: Handler) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
  const webContents = {
    id: webContentsId,
    send(channel: string, ...args: unknown[]) {
      rendererSide.emit(channel, { sender: 'ipc-event' }, ...args.map((a) => structuredClone(a)));
    },
    isDestroyed: () => false,
  };
  const ipcRenderer = {
    async invoke(channel: string, payload: unknown) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await handler(invokeEvent, structuredClone(payload)));
    },
    on(channel: string, listener: (...args: unknown[]) => void) {
      rendererSide.on(channel, listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: (...args: unknown[]) => void) {
      rendererSide.off(channel, listener);
      return ipcRenderer;
    },
  };
  // The casts stop at this edge: the transport code sees Electron's own types.
  return {
    ipcMain: ipcMain as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>,
    ipcRenderer: ipcRenderer as unknown as Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
    webContents: webContents as unknown as Pick<WebContents, 'send' | 'isDestroyed' | 'id'>,
    handlers,
  };
}
