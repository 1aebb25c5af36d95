import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { createDnsClient } from '../../dns/resolver';
import { startDnsServer, type TestDnsServer, type Zone } from '../../dns/test-support/dns-server';
import { mailauthResolver } from '../../report/mailauth-resolver';

/**
 * A loopback DNS server publishing DKIM TXT records, and mailauth's verifier asking it: what a
 * receiving MX would do with a signed message, with no Internet.
 */
export interface DkimWorld {
  dns: TestDnsServer;
  /** Publish `value` (v=DKIM1; k=…; p=…) at `name` (selector._domainkey.domain). */
  publish(name: string, value: string): void;
  /** mailauth's verdict on each signature of the message. */
  verify(message: Buffer | string): ReturnType<typeof dkimVerify>;
  close(): Promise<void>;
}

export async function startDkimWorld(): Promise<DkimWorld> {
  const zones: Record<string, Zone> = {};
  const dns = await startDnsServer(zones);
  const resolver = mailauthResolver(createDnsClient({ servers: [dns.address] }));
  return {
    dns,
    publish(name, value) {
      zones[name.toLowerCase()] = [{ type: 'TXT', text: value }];
    },
    verify: (message) => dkimVerify(message, { resolver }),
    close: () => dns.close(),
  };
}
