import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Check } from '../../shared/domain-report';
import { sendingIpFromReply } from '../../shared/sending-ip';
import { createDnsClient, type DnsClient, reverseName } from '../dns/resolver';
import { startDnsServer, type TestDnsServer } from '../dns/test-support/dns-server';
import { sendingIpChecks } from './sending-ip-check';

const byId = (checks: Check[]) =>
  Object.fromEntries(checks.map((c) => [c.id.split('.').at(-1), c]));

describe('sending IP checks through a loopback DNS server', () => {
  let server: TestDnsServer;
  let dns: DnsClient;
  beforeAll(async () => {
    server = await startDnsServer({
      [reverseName('127.0.0.1')]: [{ type: 'PTR', target: 'mail.example.test' }],
      'mail.example.test': [{ type: 'A', address: '127.0.0.1' }],
      'other.example.test': [{ type: 'A', address: '127.0.0.1' }],
      [reverseName('127.0.0.2')]: [{ type: 'PTR', target: 'stale.example.test' }],
      'stale.example.test': [{ type: 'A', address: '127.0.0.99' }],
      [reverseName('127.0.0.4')]: 'SERVFAIL',
      [reverseName('2001:db8::25')]: [{ type: 'PTR', target: 'v6.example.test' }],
      'v6.example.test': [{ type: 'AAAA', address: '2001:db8::25' }],
    });
    dns = createDnsClient({ servers: [server.address], timeoutMs: 500, tries: 1 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('forward-confirmed, HELO is the PTR name: all ok, with the line that stated the IP', async () => {
    const line = '250-mx.example.org Hello mail.example.test [127.0.0.1]';
    const address = sendingIpFromReply(line);
    expect(address).toBe('127.0.0.1');
    const checks = await sendingIpChecks(
      { address: address ?? '', from: `stated by mx.example.org: "${line}"` },
      'mail.example.test',
      dns,
    );
    expect(checks.map((c) => [c.id, c.group, c.status])).toEqual([
      ['connection.sending-ip.ptr', 'connection', 'ok'],
      ['connection.sending-ip.fcrdns', 'connection', 'ok'],
      ['connection.sending-ip.helo', 'connection', 'ok'],
    ]);
    const { ptr, fcrdns } = byId(checks);
    expect(ptr?.evidence).toEqual([
      `Sending IP 127.0.0.1: stated by mx.example.org: "${line}"`,
      'PTR 127.0.0.1 → mail.example.test',
    ]);
    expect(fcrdns?.summary).toContain('127.0.0.1 → mail.example.test → 127.0.0.1');
    expect(checks.every((c) => c.hint === null)).toBe(true);
  });

  it('no PTR: fail, with a hint; nothing to confirm', async () => {
    const { ptr, fcrdns, helo } = byId(
      await sendingIpChecks({ address: '127.0.0.3', from: 'configured' }, 'mail.example.test', dns),
    );
    expect(ptr?.status).toBe('fail');
    expect(ptr?.summary).toContain('no PTR record');
    expect(ptr?.hint).toContain('127.0.0.3');
    expect(ptr?.evidence).toContain('PTR 127.0.0.3 → no PTR record');
    expect(fcrdns?.status).toBe('na');
    // mail.example.test is 127.0.0.1, not .3.
    expect(helo?.status).toBe('warn');
  });

  it('a PTR name that does not resolve back: forward confirmation fails', async () => {
    const { ptr, fcrdns, helo } = byId(
      await sendingIpChecks(
        { address: '127.0.0.2', from: 'configured' },
        'stale.example.test',
        dns,
      ),
    );
    expect(ptr?.status).toBe('ok');
    expect(fcrdns?.status).toBe('fail');
    expect(fcrdns?.summary).toContain('does not resolve back to 127.0.0.2');
    expect(fcrdns?.hint).toBe(
      'Give stale.example.test an A record for 127.0.0.2, or change the PTR to a name that has one.',
    );
    // The HELO is the PTR name, confirmed or not.
    expect(helo?.status).toBe('ok');
  });

  it('a HELO name that is not the PTR name and resolves elsewhere: warn, suggesting the PTR name', async () => {
    const { helo } = byId(
      await sendingIpChecks({ address: '127.0.0.1', from: 'configured' }, 'laptop.local', dns),
    );
    expect(helo?.status).toBe('warn');
    expect(helo?.summary).toContain("not 127.0.0.1's PTR name (mail.example.test)");
    expect(helo?.hint).toContain('to mail.example.test');
    expect(helo?.evidence).toContain('EHLO laptop.local');
    expect(helo?.evidence.at(-1)).toMatch(/^A laptop\.local → /);
  });

  it('a HELO name that resolves to the IP without being its PTR name: ok', async () => {
    const { helo } = byId(
      await sendingIpChecks(
        { address: '127.0.0.1', from: 'configured' },
        'Other.Example.Test.',
        dns,
      ),
    );
    expect(helo?.status).toBe('ok');
    expect(helo?.summary).toContain(
      'resolves to 127.0.0.1, though the PTR name is mail.example.test',
    );
    expect(helo?.evidence).toContain('A other.example.test → 127.0.0.1');
  });

  it('an address literal as HELO: warn, a name scores higher', async () => {
    const { helo } = byId(
      await sendingIpChecks({ address: '127.0.0.1', from: 'configured' }, '[127.0.0.1]', dns),
    );
    expect(helo?.status).toBe('warn');
    expect(helo?.hint).toContain('mail.example.test');
  });

  it('IPv6, stated as a literal: forward-confirmed through AAAA', async () => {
    const address = sendingIpFromReply('250-mx Hello v6.example.test [IPv6:2001:DB8::25]');
    const checks = await sendingIpChecks(
      { address: address ?? '', from: 'stated' },
      'v6.example.test',
      dns,
    );
    expect(checks.map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('a PTR lookup that fails: unknown (warn), not "no PTR"', async () => {
    const { ptr } = byId(
      await sendingIpChecks({ address: '127.0.0.4', from: 'configured' }, 'mail.example.test', dns),
    );
    expect(ptr?.status).toBe('warn');
    expect(ptr?.summary).toContain('could not be looked up');
  });

  it('the IP not known: na, saying how to learn it, and no DNS asked', async () => {
    const before = server.queries.length;
    const checks = await sendingIpChecks(null, 'mail.example.test', dns);
    expect(checks.map((c) => c.status)).toEqual(['na', 'na', 'na']);
    expect(checks[0]?.summary).toContain('not known');
    expect(checks[0]?.hint).toContain('EHLO reply');
    expect(checks[0]?.hint).toContain('no third-party echo service');
    expect(server.queries.length).toBe(before);
    const bad = await sendingIpChecks({ address: 'mx.example.org', from: 'configured' }, 'x', dns);
    expect(bad[0]?.summary).toBe('"mx.example.org" is not an IP address.');
  });
});
