import type { Runtime } from '../../shared/app-info';
import type { SendRequest } from '../../shared/send';
import { normaliseDomain } from '../dns/mx-route';
import { type Routing, refusalFor, routeResolver, sendRefusal } from '../dns/routing';
import type { DkimKeyStore } from '../message/dkim-key-store';
import type { Outbox } from '../queue/outbox';
import { deliveryView, outboxStats } from '../queue/outbox-view';
import type { ReportRegistry } from '../report/report-registry';
import { type EventHub, windowKey } from '../rpc/event-hub';
import type { Handlers } from '../rpc/server';
import { UserError } from '../rpc/user-error';
import type { Sandbox } from '../sandbox/sandbox';
import type { SettingsStore } from '../settings/settings-store';
import { MessageError } from '../smtp/message';
import type { VerifyRegistry } from '../verify/verify-registry';
import { dkimHandlers, dkimUserFacing } from './dkim-handlers';
import { messageReportHandlers } from './message-report-handlers';
import { sandboxHandlers } from './sandbox-handlers';
import { withSessionDefaults } from './settings-apply';
import { APP_VERSION } from './version';

interface HandlerDeps {
  settings: SettingsStore;
  hub: EventHub;
  outbox: Outbox;
  sandbox: Sandbox;
  verifies: VerifyRegistry;
  reports: ReportRegistry;
  dkimKeys: DkimKeyStore;
  routing: () => Routing;
  runtime: Runtime;
  dataDir: string;
  versions: { electron: string | null; chrome: string | null };
  startedAt: Date;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  /** Refuse what this mode may not send before anything is queued or dialled; fill in Settings. */
  const allowed = (request: SendRequest): SendRequest => {
    const settings = deps.settings.get();
    const { route } = request;
    const refusal = sendRefusal(deps.routing(), {
      relay: route.kind === 'server' ? route.server.host : null,
      recipients: request.envelope.rcptTo,
    });
    if (refusal) throw new UserError('refused', refusal);
    return withSessionDefaults(request, settings);
  };
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
    'outbox.enqueue': async (request) => {
      const checked = allowed(request);
      // Its key is there and can be unsealed now, not found missing at the first attempt.
      const dkim = request.dkim;
      if (dkim) await dkimUserFacing(() => deps.dkimKeys.signingKey(dkim.keyId));
      const deliveries = await deps.outbox.enqueue(checked).catch((error: unknown) => {
        if (error instanceof MessageError) throw new UserError('bad-input', error.message);
        throw error;
      });
      return {
        messageId: deliveries[0]?.messageId ?? '',
        deliveries: deliveries.map((d) => deliveryView(d)),
      };
    },
    'outbox.list': () =>
      deps.outbox.list().map((d) => deliveryView(d, deps.outbox.sessionInfo(d.id))),
    'outbox.get': ({ id }) => {
      const d = deps.outbox.get(id);
      return d ? deliveryView(d, deps.outbox.sessionInfo(id)) : null;
    },
    'outbox.transcript': ({ id, after }) => deps.outbox.transcript(id, after),
    'outbox.follow': ({ id }, sender) => {
      deps.hub.follow(windowKey(sender), id);
      return { live: id === null ? null : deps.outbox.live(id) };
    },
    'outbox.retryNow': ({ id }) => ({ ok: deps.outbox.retryNow(id) }),
    'outbox.cancel': ({ id }) => ({ ok: deps.outbox.cancel(id) }),
    'outbox.pause': ({ paused }) => {
      if (paused) deps.outbox.pause();
      else deps.outbox.resume();
      return { paused: deps.outbox.isPaused };
    },
    'outbox.stats': () =>
      outboxStats(
        deps.outbox.list(),
        deps.outbox.isPaused,
        deps.outbox.storageError,
        deps.outbox.destinations(),
      ),
    'outbox.message': async ({ id }) => {
      const bytes = await deps.outbox.message(id);
      const d = deps.outbox.get(id);
      return bytes && d
        ? { messageId: d.messageId, size: bytes.length, base64: bytes.toString('base64') }
        : null;
    },
    'outbox.request': async ({ id }) => {
      const request = await deps.outbox.request(id);
      if (!request) return null;
      const auth = request.session.auth && { user: request.session.auth.user, pass: '' };
      return { ...request, session: { ...request.session, auth } };
    },
    'mx.lookup': ({ domain }) => {
      const name = normaliseDomain(domain);
      if (!name) throw new UserError('bad-input', `"${domain}" is not a domain name.`);
      const routing = deps.routing();
      const refusal = refusalFor(routing, name);
      if (refusal) throw new UserError('refused', refusal);
      return routeResolver(routing)(name);
    },
    ...sandboxHandlers(deps.sandbox),
    'verify.start': (request) => deps.verifies.start(request),
    'verify.get': ({ id }) => deps.verifies.get(id),
    'verify.cancel': ({ id }) => ({ ok: deps.verifies.cancel(id) }),
    'verify.transcript': ({ id, session }) => deps.verifies.transcript(id, session),
    'report.start': (request) => deps.reports.start(request),
    'report.get': ({ id }) => deps.reports.get(id),
    'report.cancel': ({ id }) => ({ ok: deps.reports.cancel(id) }),
    ...dkimHandlers(deps.dkimKeys),
    ...messageReportHandlers({
      settings: () => deps.settings.get(),
      inbox: deps.sandbox.inbox,
      dkimKeys: deps.dkimKeys,
    }),
  };
}
