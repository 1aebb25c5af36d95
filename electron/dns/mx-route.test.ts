import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRoute } from './mx-route';
import { createDnsClient, parseDnsServers } from './resolver';
import { startDisagreeingServers } from './test-support/disagreeing-servers';
import { startDnsServer, type TestDnsServer } from './test-support/dns-server';

let server: TestDnsServer;

beforeAll(async () => {
  server = await startDnsServer({
    'three.test': [
      { type: 'MX', preference: 30, exchange: 'mx3.three.test' },
      { type: 'MX', preference: 10, exchange: 'mx1.three.test' },
      { type: 'MX', preference: 20, exchange: 'mx2.three.test' },
    ],
    'mx1.three.test': [{ type: 'A', address: '127.0.0.21' }],
    'mx2.three.test': [
      { type: 'A', address: '127.0.0.22' },
      { type: 'A', address: '127.0.0.23' },
    ],
    'mx3.three.test': [{ type: 'A', address: '127.0.0.24' }],
    'implicit.test': [{ type: 'A', address: '127.0.0.30' }],
    'nullmx.test': [{ type: 'MX', preference: 0, exchange: '.' }],
    'servfail.test': 'SERVFAIL',
    'equal.test': [
      { type: 'MX', preference: 10, exchange: 'a.equal.test' },
      { type: 'MX', preference: 10, exchange: 'b.equal.test' },
    ],
    'a.equal.test': [{ type: 'A', address: '127.0.0.41' }],
    'b.equal.test': [{ type: 'A', address: '127.0.0.42' }],
    'broken.test': [
      { type: 'MX', preference: 5, exchange: '127.0.0.9' },
      { type: 'MX', preference: 10, exchange: 'alias.broken.test' },
      { type: 'MX', preference: 20, exchange: 'gone.broken.test' },
      { type: 'MX', preference: 30, exchange: 'ok.broken.test' },
    ],
    'alias.broken.test': [{ type: 'CNAME', target: 'ok.broken.test' }],
    'gone.broken.test': [{ type: 'TXT', text: 'no address here' }],
    'ok.broken.test': [{ type: 'A', address: '127.0.0.51' }],
    'many.test': [
      { type: 'MX', preference: 10, exchange: 'big.many.test' },
      { type: 'MX', preference: 20, exchange: 'late.many.test' },
    ],
    'big.many.test': ['61', '62', '63', '64'].map((n) => ({
      type: 'A' as const,
      address: `127.0.0.${n}`,
    })),
    'late.many.test': ['71', '72', '73'].map((n) => ({
      type: 'A' as const,
      address: `127.0.0.${n}`,
    })),
    'nothing.test': [{ type: 'TXT', text: 'v=spf1 -all' }],
  });
});
afterAll(() => server.close());

const dns = () => createDnsClient({ servers: [server.address], timeoutMs: 500, tries: 1 });

describe('MX route against a DNS server on loopback', () => {
  it('says nothing answers DNS at a closed port, not that the server refused the query', async () => {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    const { port } = socket.address();
    await new Promise<void>((r) => socket.close(() => r()));
    const route = await resolveRoute(
      'three.test',
      createDnsClient({ servers: [`127.0.0.1:${port}`], timeoutMs: 500, tries: 1 }),
    );
    expect(route.kind).toBe('temp-fail');
    expect(route.reason).toMatch(
      new RegExp(`nothing answers DNS at 127\\.0\\.0\\.1:${port} \\(connection refused`),
    );
  });

  it('answers a name that cannot be a domain at once and for good (a bounce), asking DNS nothing', async () => {
    for (const [name, why] of [
      [`${'x'.repeat(64)}.test`, 'it has a label of 64 characters; at most 63'],
      ['a..b.test', 'it has an empty label (two dots in a row, or a leading dot)'],
      ['exa\tmple.test', 'it contains a tab at character 4'],
    ]) {
      const asked = server.queries.length;
      const route = await resolveRoute(name as string, dns());
      expect(route.kind, name).toBe('nxdomain');
      expect(route.reason).toBe(`${JSON.stringify(name)} is not a valid domain name: ${why}.`);
      expect(server.queries.length).toBe(asked);
    }
  });

  it('orders MX hosts by preference and expands each to its addresses', async () => {
    const route = await resolveRoute('Three.TEST.', dns());
    expect(route).toMatchObject({ domain: 'three.test', kind: 'mx', warnings: [], reason: null });
    expect(route.hosts.map((h) => [h.preference, h.host, h.addresses])).toEqual([
      [10, 'mx1.three.test', ['127.0.0.21']],
      [20, 'mx2.three.test', ['127.0.0.22', '127.0.0.23']],
      [30, 'mx3.three.test', ['127.0.0.24']],
    ]);
  });

  it('falls back to the implicit MX when there is no MX record', async () => {
    const route = await resolveRoute('implicit.test', dns());
    expect(route).toMatchObject({
      kind: 'implicit',
      hosts: [{ host: 'implicit.test', preference: null, addresses: ['127.0.0.30'] }],
    });
    expect(route.warnings[0]).toMatch(/no MX record; using its own address/);
  });

  it('recognises a null MX, NXDOMAIN, SERVFAIL and a domain with nowhere to deliver', async () => {
    expect(await resolveRoute('nullmx.test', dns())).toMatchObject({
      kind: 'null',
      reason: expect.stringContaining('null MX (RFC 7505)'),
    });
    expect(await resolveRoute('missing.test', dns())).toMatchObject({
      kind: 'nxdomain',
      reason: `The domain missing.test does not exist (NXDOMAIN from ${server.address}).`,
    });
    expect(await resolveRoute('servfail.test', dns())).toMatchObject({
      kind: 'temp-fail',
      reason: `Could not look up MX for servfail.test: the DNS server ${server.address} failed (SERVFAIL); try again later.`,
    });
    expect(await resolveRoute('nothing.test', dns())).toMatchObject({ kind: 'no-address' });
  });

  it('skips an MX that is an IP literal, an alias or addressless, and says why', async () => {
    const route = await resolveRoute('broken.test', dns());
    expect(route.kind).toBe('mx');
    expect(route.hosts.map((h) => [h.host, h.addresses, h.skipped !== null])).toEqual([
      ['127.0.0.9', [], true],
      ['alias.broken.test', [], true],
      ['gone.broken.test', [], true],
      ['ok.broken.test', ['127.0.0.51'], false],
    ]);
    expect(route.warnings).toEqual([
      'MX 5 127.0.0.9 is an IP address; an MX must name a host (RFC 5321 §5.1).',
      'MX 10 alias.broken.test is an alias (CNAME to ok.broken.test); an MX must not point at a CNAME (RFC 2181 §10.3).',
      'MX 20 gone.broken.test has no address record.',
    ]);
  });

  it('stops at the address limit, like Postfix (5 by default)', async () => {
    const route = await resolveRoute('many.test', dns());
    expect(route.hosts.flatMap((h) => h.addresses)).toEqual([
      '127.0.0.61',
      '127.0.0.62',
      '127.0.0.63',
      '127.0.0.64',
      '127.0.0.71',
    ]);
  });

  it('shuffles equal preferences, so both hosts come first across runs', async () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 40; i++)
      firsts.add((await resolveRoute('equal.test', dns())).hosts[0]?.host ?? '');
    expect(firsts).toEqual(new Set(['a.equal.test', 'b.equal.test']));
  });

  it('does not believe a resolver that answers NXDOMAIN for everything: deferred, never bounced', async () => {
    const broken = await startDnsServer({});
    try {
      const route = await resolveRoute(
        'gmail.com',
        createDnsClient({ servers: [broken.address], timeoutMs: 500, tries: 1 }),
      );
      expect(route).toMatchObject({
        kind: 'temp-fail',
        reason: `Your DNS resolver ${broken.address} answers NXDOMAIN for everything, including the top-level domain "com." — so it cannot tell whether gmail.com exists. Check the DNS servers (Settings → DNS, or --dns); mail waits.`,
      });
      // It asked about the domain, then about its top-level domain: nothing else.
      expect(broken.queries).toEqual(['MX gmail.com', 'NS com']);
    } finally {
      await broken.close();
    }
  });

  it('asks every configured server before calling a domain non-existent: when they disagree, deferred naming both', async () => {
    const { broken, good, close } = await startDisagreeingServers();
    const both = () =>
      createDnsClient({ servers: [broken.address, good.address], timeoutMs: 500, tries: 1 });
    try {
      const route = await resolveRoute('gmail.com', both());
      expect(route).toMatchObject({
        kind: 'temp-fail',
        reason: `The DNS servers disagree about gmail.com: ${broken.address} says it does not exist (NXDOMAIN), ${good.address} finds it. One of them cannot be trusted, so MXray cannot tell whether gmail.com exists. Check the DNS servers (Settings → DNS, or --dns); mail waits.`,
        resolverDoubt: `the DNS servers ${broken.address} and ${good.address} disagree about whether gmail.com exists`,
      });
      // The resolver heard only the first server's NXDOMAIN; each was then asked on its own.
      expect(broken.queries).toEqual(['MX gmail.com', 'MX gmail.com']);
      expect(good.queries).toEqual(['MX gmail.com']);

      // Where they agree, NXDOMAIN stands: a bounce, as from one sane server.
      const sane = await startDnsServer({ 'gmail.com': 'NXDOMAIN', com: [] }, '127.0.0.3');
      try {
        const agreed = await resolveRoute(
          'gmail.com',
          createDnsClient({ servers: [sane.address, broken.address], timeoutMs: 500, tries: 1 }),
        );
        expect(agreed).toMatchObject({ kind: 'nxdomain' });
        expect(agreed.resolverDoubt).toBeUndefined();
      } finally {
        await sane.close();
      }
    } finally {
      await close();
    }
  });

  it('says DNS trouble is temporary when the server does not answer', async () => {
    const silent = await startDnsServer({ 'slow.test': 'TIMEOUT' });
    const route = await resolveRoute(
      'slow.test',
      createDnsClient({ servers: [silent.address], timeoutMs: 200, tries: 1 }),
    );
    expect(route).toMatchObject({
      kind: 'temp-fail',
      reason: expect.stringContaining('did not answer in time'),
    });
    await silent.close();
  });

  it('accepts IP servers with ports and refuses host names', () => {
    expect(parseDnsServers(['127.0.0.1:5353', '::1', '[::1]:53', '192.0.2.1'])).toEqual([
      '127.0.0.1:5353',
      '::1',
      '[::1]:53',
      '192.0.2.1',
    ]);
    expect(() => parseDnsServers(['dns.example.com'])).toThrow('must be an IP address');
  });
});
