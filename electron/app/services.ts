import path from 'node:path';
import type { Runtime } from '../../shared/app-info';
import { defaultHeloName } from '../delivery/prepare-send';
import { createDnsClient } from '../dns/resolver';
import type { Routing } from '../dns/routing';
import { refusalFor, routeResolver } from '../dns/routing';
import { DkimKeyStore } from '../message/dkim-key-store';
import { createOutbox } from '../queue/create-outbox';
import { OutboxStore } from '../queue/outbox-store';
import { REPORT_ROUTE } from '../report/domain-report';
import { ReportRegistry } from '../report/report-registry';
import { createEventHub, type EventHub } from '../rpc/event-hub';
import type { Handlers } from '../rpc/server';
import { INBOX_HTML_HEADERS, inboxHtml } from '../sandbox/inbox-html';
import { sandboxRouting } from '../sandbox/mode-policy';
import { openSandbox } from '../sandbox/open-sandbox';
import type { Sandbox } from '../sandbox/sandbox';
import { openSettingsStore, type SettingsStore } from '../settings/settings-store';
import { staggerOf } from '../smtp/race-addresses';
import { type FolderLock, lockDataFolder } from '../store/folder-lock';
import type { SecretBox } from '../store/secret-box';
import { VerifyRegistry } from '../verify/verify-registry';
import { publishLive, publishOutbox } from './delivery-events';
import { createHandlers } from './handlers';
import { historyLimitsOf, limitsOf, probeTimeoutsOf, retryPolicyOf } from './settings-apply';

export interface ServicesOptions {
  dataDir: string;
  runtime: Runtime;
  versions?: { electron: string | null; chrome: string | null };
  /**
   * Seals relay passwords and DKIM keys at rest: the OS's protection in the desktop app
   * (secret-box.ts).
   */
  secretBox?: SecretBox;
}

export interface Services {
  dataDir: string;
  settings: SettingsStore;
  hub: EventHub;
  handlers: Handlers;
  sandbox: Sandbox;
  /** Documents main makes on request, for the web bridge and the app protocol. */
  pages(path: string): Promise<{ body: string; headers: Record<string, string> } | null>;
  /** Restore the outbox and send what it holds: once the entry point is ready to serve. */
  start(): Promise<void>;
  /** Stop sending, store what servers decided, release the data folder. */
  close(): Promise<void>;
}

/** The one composition root: Electron main, the web bridge and the CLI all build services here. */
export async function createServices(options: ServicesOptions): Promise<Services> {
  // Before anything is read: a second process on this folder stops here, saying which.
  const lock = await lockDataFolder(options.dataDir);
  try {
    return await compose(options, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function compose(options: ServicesOptions, lock: FolderLock): Promise<Services> {
  const settings = await openSettingsStore(options.dataDir);
  const hub = createEventHub();
  const sandbox = await openSandbox(options.dataDir);
  sandbox.inbox.onReceived((message) => hub.emit('sandbox.received', { message }));
  sandbox.onKnobsChanged((scenario) => hub.emit('sandbox.changed', { scenario }));
  // Read at every start, so a changed mode or DNS server applies to the next attempt.
  const routing = (): Routing => ({
    servers: settings.get().dnsServers,
    ...sandboxRouting(sandbox, () => settings.get().mode),
  });
  const verifies = new VerifyRegistry(hub, () => {
    const s = settings.get();
    return {
      resolve: routeResolver(routing()),
      helo: s.heloName ?? defaultHeloName(),
      timeouts: probeTimeoutsOf(s),
      stagger: staggerOf(s.staggerSeconds),
      perDomain: limitsOf(s).perDomain,
      refuse: (domain) => refusalFor(routing(), domain),
    };
  });
  const reports = new ReportRegistry(hub, () => {
    const s = settings.get();
    const r = routing();
    return {
      resolve: routeResolver(r, [], REPORT_ROUTE),
      dns: createDnsClient({ servers: r.servers }),
      isLocal: (domain) => r.local?.(domain) != null,
      helo: s.heloName ?? defaultHeloName(),
      timeouts: probeTimeoutsOf(s),
      refuse: (domain) => refusalFor(r, domain),
    };
  });
  const outboxStore = await OutboxStore.open(
    path.join(options.dataDir, 'outbox'),
    options.secretBox,
  );
  const dkimKeys = await DkimKeyStore.open(
    path.join(options.dataDir, 'dkim-keys'),
    options.secretBox,
  );
  const outbox = createOutbox({
    routing,
    dkimKeys: dkimKeys.source(),
    policy: retryPolicyOf(settings.get()),
    limits: limitsOf(settings.get()),
    store: outboxStore,
    onEvent: publishLive(hub),
  });
  publishOutbox(outbox, hub);
  const stopForwarding = settings.onChange((next) => {
    hub.emit('settings.changed', next);
    outbox.configure(retryPolicyOf(next), limitsOf(next));
    void outbox.configureHistory(historyLimitsOf(next));
  });
  const handlers = createHandlers({
    settings,
    hub,
    outbox,
    sandbox,
    verifies,
    reports,
    dkimKeys,
    routing,
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
    sandbox,
    async pages(pathname) {
      const html = await inboxHtml(sandbox.inbox, pathname);
      return html === null ? null : { body: html, headers: INBOX_HTML_HEADERS };
    },
    async start() {
      await outbox.restore();
      void outbox.configureHistory(historyLimitsOf(settings.get()));
    },
    async close() {
      stopForwarding();
      await outbox.close();
      await outboxStore.close();
      await sandbox.close();
      hub.flush();
      await lock.release();
    },
  };
}
