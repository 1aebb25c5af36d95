import { startDnsServer, type TestDnsServer } from './dns-server';

export interface DisagreeingServers {
  /** On 127.0.0.1: NXDOMAIN for every name, the top-level domains too. */
  broken: TestDnsServer;
  /** On 127.0.0.2: gmail.com has an MX, on loopback. */
  good: TestDnsServer;
  close(): Promise<void>;
}

/** Two resolvers on loopback that disagree about gmail.com: one broken, one correct. */
export async function startDisagreeingServers(): Promise<DisagreeingServers> {
  const broken = await startDnsServer({}, '127.0.0.1');
  const good = await startDnsServer(
    {
      'gmail.com': [{ type: 'MX', preference: 5, exchange: 'mx.gmail.com' }],
      'mx.gmail.com': [{ type: 'A', address: '127.0.0.81' }],
    },
    '127.0.0.2',
  );
  return {
    broken,
    good,
    close: async () => {
      await broken.close();
      await good.close();
    },
  };
}
