import type { SendRequest } from '../../shared/send';
import { type Routing, routeResolver } from '../dns/routing';
import { type DeliveryJob, jobOf } from './delivery-job';
import { deliverDirect } from './direct-delivery';
import { heldSend } from './held-send';
import { prepareSend } from './prepare-send';
import type { DeliveryEvent, RunningSend } from './running-send';
import { sendToServer } from './send-to-server';

/** What a running job tells its caller, and waits for. */
export interface JobHooks {
  onEvent?: (event: DeliveryEvent) => void;
  /** The outbox's: resolves once settled verdicts are on disk (direct-delivery.ts). */
  settledStored?: () => Promise<void>;
}

/** Compose a request's message and send it to all its recipients (the CLI's one pass, tests). */
export async function startSend(
  request: SendRequest,
  onEvent?: (event: DeliveryEvent) => void,
  routing: Routing = {},
): Promise<RunningSend> {
  return startJob(jobOf(request, await prepareSend(request)), { onEvent }, routing);
}

/**
 * Start a job on its route: the server it names, or its recipients' MX hosts. What the routing
 * refuses (Sandbox mode) is held, dialling nothing: a relay here, a domain by its route.
 */
export function startJob(
  job: DeliveryJob,
  hooks: JobHooks = {},
  routing: Routing = {},
): RunningSend {
  const { route } = job;
  if (route.kind === 'server') {
    const refusal = routing.refuseRelay?.(route.host);
    return refusal ? heldSend(job, refusal) : sendToServer({ ...job, route }, hooks.onEvent);
  }
  return deliverDirect({ ...job, route }, routeResolver(routing, route.dnsServers), hooks);
}
