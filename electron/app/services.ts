import type { Runtime } from '../../shared/app-info';
import { SendRegistry } from '../delivery/send-registry';
import { createEventHub, type EventHub } from '../rpc/event-hub';
import type { Handlers } from '../rpc/server';
import { openSettingsStore, type SettingsStore } from '../settings/settings-store';
import { createHandlers } from './handlers';

export interface ServicesOptions {
  dataDir: string;
  runtime: Runtime;
  versions?: { electron: string | null; chrome: string | null };
}

export interface Services {
  dataDir: string;
  settings: SettingsStore;
  hub: EventHub;
  handlers: Handlers;
  close(): Promise<void>;
}

/** The one composition root: Electron main, the web bridge and the CLI all build services here. */
export async function createServices(options: ServicesOptions): Promise<Services> {
  const settings = await openSettingsStore(options.dataDir);
  const hub = createEventHub();
  const stopForwarding = settings.onChange((next) => hub.emit('settings.changed', next));
  const sends = new SendRegistry(hub, () => settings.get().dnsServers);
  const handlers = createHandlers({
    settings,
    sends,
    runtime: options.runtime,
    dataDir: options.dataDir,
    versions: options.versions ?? { electron: null, chrome: null },
    startedAt: new Date(),
  });
  return {
    dataDir: options.dataDir,
    settings,
    hub,
    handlers,
    async close() {
      stopForwarding();
      hub.flush();
    },
  };
}
