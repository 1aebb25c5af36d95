import path from 'node:path';
import { InboxStore } from './inbox-store';
import { Sandbox } from './sandbox';

/** The inbox's folder inside a data folder: the app, web mode and the CLI share it. */
export const inboxFolder = (dataDir: string) => path.join(dataDir, 'sandbox-inbox');

/** Start the embedded servers with their inbox in this data folder. */
export async function openSandbox(dataDir: string): Promise<Sandbox> {
  return Sandbox.start({ inbox: await InboxStore.open(inboxFolder(dataDir)) });
}
