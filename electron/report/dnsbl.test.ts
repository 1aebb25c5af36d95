import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Blocklist, BlocklistReport, DEFAULT_BLOCKLISTS } from '../../shared/dnsbl';
import { createDnsClient, type DnsClient } from '../dns/resolver';
import { startDnsServer, type TestDnsServer, type Zone } from '../dns/test-support/dns-server';
import { blocklistQuery, blocklistSummary, checkBlocklists } from './dnsbl';

const ZEN = DEFAULT_BLOCKLISTS.find((l) => l.zone === 'zen.spamhaus.org') as Blocklist;
const DBL = DEFAULT_BLOCKLISTS.find((l) => l.zone === 'dbl.spamhaus.org') as Blocklist;
const a = (...addresses: string[]): Zone => addresses.map((address) => ({ type: 'A', address }));

// 127.0.0.N on ZEN answers 127.0.0.N, as Spamhaus's own test entries do.
const zones: Record<string, Zone> = {
  ...Object.fromEntries(
    ['2', '3', '4', '9', '10', '11'].map((n) => [
      `${n}.0.0.127.zen.spamhaus.org`,
      a(`127.0.0.${n}`),
    ]),
  ),
  '2.0.0.127.b.barracudacentral.org': a('127.0.0.2'),
  '5.113.0.203.zen.spamhaus.org': [
    ...(a('127.0.0.4', '127.0.0.10') as { type: 'A'; address: string }[]),
    { type: 'TXT', text: 'https://check.spamhaus.org/query/ip/203.0.113.5' },
  ],
  '1.2.0.192.zen.spamhaus.org': a('127.255.255.254'),
  '2.2.0.192.zen.spamhaus.org': 'TIMEOUT',
  '3.2.0.192.zen.spamhaus.org': 'SERVFAIL',
  '4.2.0.192.zen.spamhaus.org': a('198.51.100.7'),
  'spammer.test.dbl.spamhaus.org': [
    { type: 'A', address: '127.0.1.2' },
    { type: 'TXT', text: 'https://www.spamhaus.org/query/domain/spammer.test' },
  ],
  'phish.test.dbl.spamhaus.org': a('127.0.1.4'),
  'b.a.9.0.8.7.6.5.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org':
    a('127.0.0.3'),
};

let server: TestDnsServer;
let dns: DnsClient;
beforeAll(async () => {
  server = await startDnsServer(zones);
  dns = createDnsClient({ servers: [server.address], timeoutMs: 300, tries: 1 });
});
afterAll(() => server?.close());

const zenOnly = (ip: string) => checkBlocklists({ ip }, dns, { lists: [ZEN], timeoutMs: 500 });
const one = async (ip: string) => {
  const report = BlocklistReport.parse(await zenOnly(ip));
  expect(report.results).toHaveLength(1);
  return report.results[0] as BlocklistReport['results'][number];
};

describe('checkBlocklists', () => {
  it.each([
    ['2', 'SBL', /Spamhaus Block List/],
    ['3', 'SBL CSS', /snowshoe/],
    ['4', 'XBL', /infected or hijacked/],
    ['9', 'SBL DROP', /hijacked or run by criminals/],
    ['10', 'PBL (ISP)', /should not send mail directly/],
    ['11', 'PBL (Spamhaus)', /should not send mail directly/],
  ])('decodes ZEN 127.0.0.%s as %s', async (n, label, meaning) => {
    const result = await one(`127.0.0.${n}`);
    expect(result).toMatchObject({
      status: 'listed',
      query: `${n}.0.0.127.zen.spamhaus.org`,
      server: server.address,
      delistUrl: 'https://check.spamhaus.org/',
      codes: [{ code: `127.0.0.${n}`, label }],
    });
    expect(result.codes[0]?.meaning).toMatch(meaning);
    expect(result.summary).toMatch(/is listed on Spamhaus ZEN/);
  });

  it('gives every code of a multi-code listing and the TXT reason', async () => {
    const result = await one('203.0.113.5');
    expect(result.codes.map((c) => c.label)).toEqual(['XBL', 'PBL (ISP)']);
    expect(result.reason).toBe('https://check.spamhaus.org/query/ip/203.0.113.5');
  });

  it('says not listed on NXDOMAIN', async () => {
    const result = await one('198.51.100.1');
    expect(result).toMatchObject({ status: 'not-listed', codes: [], reason: null });
    expect(result.summary).toBe('198.51.100.1 is not on Spamhaus ZEN.');
  });

  it('says the public-resolver answer 127.255.255.254 as refused, not listed', async () => {
    const result = await one('192.0.2.1');
    expect(result.status).toBe('refused');
    expect(result.codes[0]?.code).toBe('127.255.255.254');
    expect(result.summary).toMatch(/^Refused, not listed:.*public or open resolver/);
    const report = await zenOnly('192.0.2.1');
    expect(report.checks[0]).toMatchObject({ status: 'warn', subject: '192.0.2.1' });
  });

  it('says a timeout is unknown, not clean', async () => {
    const started = Date.now();
    const result = await one('192.0.2.2');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.status).toBe('unknown');
    expect(result.summary).toMatch(/^Unknown:.*did not answer.*not a clean result/);
    expect(result.failure).toMatch(/^the DNS server 127.0.0.1:\d+ did not answer/);
    expect(blocklistSummary(await zenOnly('192.0.2.2'))).toMatch(/unknown on Spamhaus ZEN/);
  });

  it('says SERVFAIL is unknown', async () => {
    const result = await one('192.0.2.3');
    expect(result.status).toBe('unknown');
    expect(result.summary).toMatch(/SERVFAIL/);
  });

  it('does not read an answer outside 127.0.0.0/8 as a listing', async () => {
    expect((await one('192.0.2.4')).status).toBe('unknown');
  });

  it('asks domain lists for the domain, and decodes DBL', async () => {
    const report = await checkBlocklists({ ip: '127.0.0.2', domain: 'Spammer.test.' }, dns, {
      lists: [ZEN, DBL],
    });
    const dbl = report.results.find((r) => r.zone === 'dbl.spamhaus.org');
    expect(dbl).toMatchObject({
      status: 'listed',
      target: 'spammer.test',
      query: 'spammer.test.dbl.spamhaus.org',
      codes: [{ code: '127.0.1.2', label: 'spam domain' }],
      reason: 'https://www.spamhaus.org/query/domain/spammer.test',
    });
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['connection.blocklist.zen.spamhaus.org', 'fail'],
      ['sender.blocklist.dbl.spamhaus.org', 'fail'],
    ]);
    const phish = await checkBlocklists({ domain: 'phish.test' }, dns, { lists: [ZEN, DBL] });
    expect(phish.results.map((r) => r.codes[0]?.label)).toEqual(['phish domain']);
  });

  it('asks IPv6 addresses in nibble format, and only lists that take IPv6', async () => {
    expect(blocklistQuery('2001:db8::1', 'zen.spamhaus.org')).toBe(
      '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org',
    );
    const report = await checkBlocklists({ ip: '2001:db8:1:2:3:4:5678:9ab' }, dns, {
      lists: DEFAULT_BLOCKLISTS,
    });
    expect(report.results.map((r) => [r.zone, r.status, r.codes[0]?.label])).toEqual([
      ['zen.spamhaus.org', 'listed', 'SBL CSS'],
    ]);
  });

  it('asks every default list and sums up', async () => {
    const report = await checkBlocklists({ ip: '127.0.0.2' }, dns);
    expect(report.results.map((r) => r.status)).toEqual([
      'listed',
      'listed',
      'not-listed',
      'not-listed',
      'not-listed',
      'not-listed',
    ]);
    expect(blocklistSummary(report)).toBe(
      'listed on Spamhaus ZEN and Barracuda; 4 of 6 lists clean.',
    );
  });

  it('asks at most `concurrency` lists at once', async () => {
    let inFlight = 0;
    let most = 0;
    const slow: DnsClient = {
      ...dns,
      a: async (name) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 30));
        try {
          return await dns.a(name);
        } finally {
          inFlight--;
        }
      },
    };
    const before = server.queries.length;
    const lists = Array.from({ length: 9 }, (_, i) => ({ ...ZEN, zone: `l${i}.test` }));
    const report = await checkBlocklists({ ip: '192.0.2.9' }, slow, { lists, concurrency: 3 });
    expect(report.results).toHaveLength(9);
    expect(most).toBe(3);
    expect(server.queries.slice(before)).toHaveLength(9);
  });
});
