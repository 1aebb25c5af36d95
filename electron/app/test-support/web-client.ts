import type { EventMessage } from '../../../shared/contract';
import { createRpcClient, type RpcClient } from '../../../shared/rpc-client';
import { createWsClientTransport } from '../../../shared/ws-client-transport';
import { type Bridge, startBridge } from '../../web/bridge-server';
import { bridgeSocket } from '../../web/test-support/bridge-socket';
import { createServices, type Services } from '../services';

export interface WebClient {
  services: Services;
  bridge: Bridge;
  client: RpcClient;
  /** Every event received so far, in order. */
  events: EventMessage[];
  /** A second tab on the same bridge, with its own socket and events. */
  anotherTab(): { client: RpcClient; events: EventMessage[] };
  close(): Promise<void>;
}

/** The app's services behind the web bridge, and a contract client talking to them over it. */
export async function openWebClient(dataDir: string): Promise<WebClient> {
  const services = await createServices({ dataDir, runtime: 'web' });
  const bridge = await startBridge({
    rendererDir: dataDir,
    handlers: services.handlers,
    hub: services.hub,
    pages: (path) => services.pages(path),
  });
  await services.start();
  const tab = () => {
    const client = createRpcClient(
      createWsClientTransport(bridgeSocket(bridge.port, bridge.token)),
    );
    const events: EventMessage[] = [];
    client.onBatch((batch) => events.push(...batch));
    return { client, events };
  };
  const { client, events } = tab();
  return {
    services,
    bridge,
    client,
    events,
    anotherTab: tab,
    async close() {
      await bridge.close();
      await services.close();
    },
  };
}
