import type { SendRequest } from '../../shared/send';
import { hasGlobalIpv6 } from '../dns/ipv6-reach';
import { createDnsClient, type DnsOptions } from '../dns/resolver';
import { deliverDirect } from './direct-delivery';
import { prepareSend } from './prepare-send';
import type { DeliveryEvent, RunningSend } from './running-send';
import { sendToServer } from './send-to-server';

/** Compose and start a send on its route: a named server, or the recipients' MX hosts. */
export async function startSend(
  request: SendRequest,
  onEvent?: (event: DeliveryEvent) => void,
  dns: DnsOptions = {},
): Promise<RunningSend> {
  const prepared = await prepareSend(request);
  const route = request.route;
  if (route.kind === 'server') return sendToServer({ ...request, route }, prepared, onEvent);
  const servers = route.dnsServers.length ? route.dnsServers : dns.servers;
  return deliverDirect({ ...request, route }, prepared, {
    dns: createDnsClient({ ...dns, servers }),
    route: { ipv6: hasGlobalIpv6() },
    onEvent,
  });
}
