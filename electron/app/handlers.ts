import type { Runtime } from '../../shared/app-info';
import type { Handlers } from '../rpc/server';
import type { SettingsStore } from '../settings/settings-store';
import { APP_VERSION } from './version';

interface HandlerDeps {
  settings: SettingsStore;
  runtime: Runtime;
  dataDir: string;
  versions: { electron: string | null; chrome: string | null };
  startedAt: Date;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    'app.info': () => ({
      name: 'MXray',
      version: APP_VERSION,
      runtime: deps.runtime,
      mode: deps.settings.get().mode,
      platform: `${process.platform}-${process.arch}`,
      dataDir: deps.dataDir,
      versions: { node: process.versions.node, ...deps.versions },
      startedAt: deps.startedAt.toISOString(),
    }),
    'settings.get': () => deps.settings.get(),
    'settings.set': (patch) => deps.settings.set(patch),
  };
}
