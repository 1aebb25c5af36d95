import type { SendRequest } from '../../shared/send';
import { type Routing, routeResolver } from '../dns/routing';
import { deliverDirect } from './direct-delivery';
import { type PreparedSend, prepareSend } from './prepare-send';
import type { DeliveryEvent, RunningSend } from './running-send';
import { sendToServer } from './send-to-server';

/** Compose and start a send on its route: a named server, or the recipients' MX hosts. */
export async function startSend(
  request: SendRequest,
  onEvent?: (event: DeliveryEvent) => void,
  routing: Routing = {},
): Promise<RunningSend> {
  return startPrepared(
    request,
    await prepareSend(request),
    request.envelope.rcptTo,
    onEvent,
    undefined,
    1,
    routing,
  );
}

/**
 * Start an already composed message for some of its recipients: a retry sends the same bytes
 * (same Message-ID) to the recipients still deferred, never to those already final.
 */
export function startPrepared(
  request: SendRequest,
  prepared: PreparedSend,
  recipients: string[],
  onEvent?: (event: DeliveryEvent) => void,
  /** The outbox's: resolves once settled verdicts are on disk (direct-delivery.ts). */
  settledStored?: () => Promise<void>,
  /** The number of this send's first attempt: a delivery numbers its attempts once, here. */
  firstAttempt = 1,
  routing: Routing = {},
): RunningSend {
  const subset: SendRequest = { ...request, envelope: { ...request.envelope, rcptTo: recipients } };
  const tx = prepared.plan.transactions[0];
  const plan = { ...prepared.plan, transactions: tx ? [{ ...tx, rcptTo: recipients }] : [] };
  const forSubset: PreparedSend = { ...prepared, plan };
  const route = request.route;
  if (route.kind === 'server')
    return sendToServer({ ...subset, route }, forSubset, onEvent, firstAttempt);
  return deliverDirect({ ...subset, route }, forSubset, {
    resolve: routeResolver(routing, route.dnsServers),
    onEvent,
    settledStored,
    firstAttempt,
  });
}
