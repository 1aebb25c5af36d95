import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlocklistReport } from '../../shared/dnsbl';
import { startDnsServer, type TestDnsServer } from '../dns/test-support/dns-server';
import { runCli } from './test-support/run-cli';

let server: TestDnsServer;
beforeAll(async () => {
  server = await startDnsServer({
    '2.0.0.127.zen.spamhaus.org': [
      { type: 'A', address: '127.0.0.2' },
      { type: 'TXT', text: 'Listed by SBL, see https://check.spamhaus.org/sbl/query/SBL2' },
    ],
    '10.0.0.127.zen.spamhaus.org': [{ type: 'A', address: '127.0.0.10' }],
    'spammer.test.dbl.spamhaus.org': [{ type: 'A', address: '127.0.1.2' }],
    '1.2.0.192.zen.spamhaus.org': [{ type: 'A', address: '127.255.255.254' }],
    '1.2.0.192.bl.spamcop.net': 'TIMEOUT',
  });
});
afterAll(() => server?.close());

const check = (...args: string[]) =>
  runCli(['check', '--dns', server.address, '--timeout', '1', ...args]);

describe('mxray check --sending-ip', () => {
  it('reports a ZEN listing with its decoded code, reason and delist page; exit 2', async () => {
    const { code, stdout, stderr } = await check('--sending-ip', '127.0.0.2');
    expect(stderr).toBe('');
    expect(code).toBe(2);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`=== Blocklists for 127.0.0.2 (asked ${server.address})`);
    expect(lines[1]).toBe('listed on Spamhaus ZEN; 5 of 6 lists clean.');
    expect(stdout).toContain('  LISTED    Spamhaus ZEN: listed\n');
    expect(stdout).toContain('            127.0.0.2 SBL: on the Spamhaus Block List');
    expect(stdout).toContain(
      '            reason: Listed by SBL, see https://check.spamhaus.org/sbl/query/SBL2',
    );
    expect(stdout).toContain('            query: 2.0.0.127.zen.spamhaus.org');
    expect(stdout).toContain('            delist: https://check.spamhaus.org/');
    expect(stdout).toContain('  ok        Barracuda: not listed');
  });

  it('--json gives each list its result; the sender domain against DBL', async () => {
    const { code, stdout } = await check(
      '--sending-ip',
      '127.0.0.10',
      '--sender-domain',
      'spammer.test',
      '--json',
    );
    expect(code).toBe(2);
    const report = BlocklistReport.parse(JSON.parse(stdout));
    expect(report).toMatchObject({ ip: '127.0.0.10', domain: 'spammer.test' });
    expect(report.results).toHaveLength(7);
    expect(report.results[0]).toMatchObject({
      zone: 'zen.spamhaus.org',
      status: 'listed',
      server: server.address,
      codes: [{ code: '127.0.0.10', label: 'PBL (ISP)' }],
    });
    expect(report.results[0]?.codes[0]?.meaning).toMatch(/should not send mail directly/);
    expect(report.results.at(-1)).toMatchObject({
      zone: 'dbl.spamhaus.org',
      target: 'spammer.test',
      status: 'listed',
      codes: [{ code: '127.0.1.2', label: 'spam domain' }],
    });
  });

  it('says refused and unknown plainly, never clean; exit 3', async () => {
    const { code, stdout } = await check('--sending-ip', '192.0.2.1');
    expect(code).toBe(3);
    expect(stdout).toContain('  REFUSED   Spamhaus ZEN: refused, not a listing');
    expect(stdout).toContain('public or open resolver');
    expect(stdout).toContain(
      `  UNKNOWN   SpamCop: unknown, not a clean result\n            the DNS server ${server.address} did not answer`,
    );
    expect(stdout.split('\n')[1]).toBe(
      'listed nowhere that answered; 4 of 6 lists clean; refused by Spamhaus ZEN (not a listing); unknown on SpamCop (no answer: not clean).',
    );
  });

  it('exit 0 when no list lists the address', async () => {
    const { code, stdout } = await check('--sending-ip', '198.51.100.1', '--json');
    expect(code).toBe(0);
    const report = BlocklistReport.parse(JSON.parse(stdout));
    expect(new Set(report.results.map((r) => r.status))).toEqual(new Set(['not-listed']));
  });

  it.each([
    [
      ['--sending-ip', 'nope'],
      'mxray: check: --sending-ip must be an IPv4 or IPv6 address, not "nope"',
    ],
    [
      ['a.test', '--sending-ip', '127.0.0.2'],
      'mxray: check: give a DOMAIN or --sending-ip, not both (see mxray check --help)',
    ],
  ])('refuses %j with one line and exit 1', async (args, line) => {
    const { code, stdout, stderr } = await runCli(['check', ...args]);
    expect({ code, stdout, stderr: stderr.trim() }).toEqual({ code: 1, stdout: '', stderr: line });
  });

  it('--help tells of --sending-ip', async () => {
    const { stdout } = await runCli(['check', '--help']);
    expect(stdout).toContain('mxray check --sending-ip IP');
    expect(stdout).toContain('3 when some list could not say');
  });
});
