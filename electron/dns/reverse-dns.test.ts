import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reverseDns } from '../report/reverse-dns';
import { createDnsClient, reverseName } from './resolver';
import { startDnsServer, type TestDnsServer } from './test-support/dns-server';

describe('reverse DNS through the configured server', () => {
  let dns: TestDnsServer;
  beforeAll(async () => {
    dns = await startDnsServer({
      // 127.0.0.1 is "localhost" in /etc/hosts: the server's answer must win over the file.
      '1.0.0.127.in-addr.arpa': [{ type: 'PTR', target: 'mail.example.test' }],
      'mail.example.test': [{ type: 'A', address: '127.0.0.1' }],
      [reverseName('2001:db8::25')]: [{ type: 'PTR', target: 'v6.example.test' }],
      'v6.example.test': [{ type: 'AAAA', address: '2001:db8::25' }],
    });
  });
  afterAll(async () => {
    await dns?.close();
  });

  it('names the PTR of an address in in-addr.arpa and ip6.arpa', () => {
    expect(reverseName('192.0.2.7')).toBe('7.2.0.192.in-addr.arpa');
    expect(reverseName('2001:db8::1')).toBe(
      '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
    );
    expect(reverseName('::ffff:192.0.2.1')).toBe(
      '1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa',
    );
  });

  it('asks the server, not /etc/hosts, and confirms forward', async () => {
    const client = createDnsClient({ servers: [dns.address] });
    expect(await client.ptr('127.0.0.1')).toEqual(['mail.example.test']);
    expect(await reverseDns(client, '127.0.0.1')).toEqual({
      names: ['mail.example.test'],
      forwardConfirmed: true,
      error: null,
    });
    expect(await reverseDns(client, '2001:db8::25')).toMatchObject({
      names: ['v6.example.test'],
      forwardConfirmed: true,
    });
    expect(dns.queries).toContain('PTR 1.0.0.127.in-addr.arpa');
  });

  it('an address without a PTR: none, said as such', async () => {
    const client = createDnsClient({ servers: [dns.address] });
    expect(await reverseDns(client, '127.0.0.9')).toEqual({
      names: [],
      forwardConfirmed: false,
      error: 'no PTR record',
    });
  });
});
