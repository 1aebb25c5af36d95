import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsClient, DnsError } from './resolver';
import { startDnsServer, type TestDnsServer } from './test-support/dns-server';

let server: TestDnsServer;
const record = (i: number) => ({
  type: 'TLSA' as const,
  usage: 3,
  selector: 1,
  matchingType: 1,
  data: i.toString(16).padStart(2, '0').repeat(32),
});

beforeAll(async () => {
  server = await startDnsServer(
    {
      '_25._tcp.mx.signed.test': [record(1)],
      '_25._tcp.mx.plain.test': [record(2), record(3)],
      // Twelve records do not fit in 512 bytes: the UDP answer is truncated, TCP has them all.
      '_25._tcp.mx.many.test': Array.from({ length: 12 }, (_, i) => record(i)),
      '_25._tcp.mx.broken.test': 'SERVFAIL',
      '_25._tcp.mx.silent.test': 'TIMEOUT',
    },
    '127.0.0.1',
    { signed: ['_25._tcp.mx.signed.test'] },
  );
});
afterAll(() => server.close());

const dns = () => createDnsClient({ servers: [server.address], timeoutMs: 300, tries: 1 });

describe('TLSA by raw query (Node 20 has no resolveTlsa)', () => {
  it('reads the records and whether the resolver validated them', async () => {
    expect(await dns().tlsa('_25._tcp.mx.signed.test')).toEqual({
      records: [{ usage: 3, selector: 1, matchingType: 1, data: '01'.repeat(32) }],
      authenticated: true,
    });
    const plain = await dns().tlsa('_25._tcp.mx.plain.test');
    expect(plain.authenticated).toBe(false);
    expect(plain.records.map((r) => r.data.slice(0, 2))).toEqual(['02', '03']);
  });

  it('asks again over TCP when the UDP answer is truncated', async () => {
    const answer = await dns().tlsa('_25._tcp.mx.many.test');
    expect(answer.records).toHaveLength(12);
  });

  it('treats NXDOMAIN as no records, and SERVFAIL or silence as trouble', async () => {
    expect(await dns().tlsa('_25._tcp.nowhere.test')).toEqual({
      records: [],
      authenticated: false,
    });
    await expect(dns().tlsa('_25._tcp.mx.broken.test')).rejects.toMatchObject({
      failure: 'servfail',
    });
    await expect(dns().tlsa('_25._tcp.mx.silent.test')).rejects.toBeInstanceOf(DnsError);
  });
});
