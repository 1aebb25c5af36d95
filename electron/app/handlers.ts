import type { Runtime } from '../../shared/app-info';
import type { SendRegistry } from '../delivery/send-registry';
import { normaliseDomain, resolveRoute } from '../dns/mx-route';
import { createDnsClient } from '../dns/resolver';
import { AppError } from '../rpc/app-error';
import type { Handlers } from '../rpc/server';
import type { SettingsStore } from '../settings/settings-store';
import { APP_VERSION } from './version';

interface HandlerDeps {
  settings: SettingsStore;
  sends: SendRegistry;
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
    'send.start': (request) => deps.sends.start(request),
    'send.cancel': ({ id }) => ({ cancelled: deps.sends.cancel(id) }),
    'send.info': ({ id }) => deps.sends.info(id),
    'send.message': ({ id }) => deps.sends.message(id),
    'mx.lookup': ({ domain }) => {
      if (!normaliseDomain(domain)) throw new AppError(`"${domain}" is not a domain name.`);
      return resolveRoute(domain, createDnsClient({ servers: deps.settings.get().dnsServers }));
    },
  };
}
