import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MxRoute } from '../../shared/mx';
import { SendReport } from '../../shared/send';
import { ip, type MxLab, startMxLab } from '../delivery/test-support/mx-lab';
import { startDisagreeingServers } from '../dns/test-support/disagreeing-servers';
import { startDnsServer } from '../dns/test-support/dns-server';
import { runCli } from './test-support/run-cli';
import { EXIT } from './usage-error';

const mxray = (args: string[]) => runCli(args);
let lab: MxLab;
beforeAll(async () => {
  lab = await startMxLab();
});
afterAll(() => lab?.close());

/** Plain SMTP to the lab's MX hosts, found through the lab's DNS server. */
const route = () => ['--tls', 'off', '--dns', lab.dns.address, '--port', String(lab.port)];

describe('mxray send and mx, against a DNS server and MX hosts on loopback', () => {
  it('send --dns … --json reports the attempts of a failover', async () => {
    const { code, stdout } = await mxray([
      'send',
      '--from',
      'cli@mxray.test',
      '--to',
      'x@failover.test',
      ...route(),
      '--json',
    ]);
    expect(code).toBe(0);
    const report = SendReport.parse(JSON.parse(stdout));
    expect(
      report.attempts.map((a) => [a.n, a.host, a.preference, a.ip, a.port, a.outcome]),
    ).toEqual([
      [1, 'mx1.failover.test', 10, ip.refused, lab.port, 'connect-refused'],
      [2, 'mx2.failover.test', 20, ip.busy, lab.port, 'greeting-rejected'],
      [3, 'mx3.failover.test', 30, ip.accepting, lab.port, 'accepted'],
    ]);
    expect(report.attempts[1]?.reply).toEqual({
      code: 421,
      enhanced: '4.3.2',
      text: '4.3.2 mx2 is too busy, try later',
    });
    expect(report.recipients).toEqual([
      expect.objectContaining({ address: 'x@failover.test', status: 'delivered' }),
    ]);
  });

  it('send prints the route and each attempt in the transcript', async () => {
    const { code, stdout } = await mxray([
      'send',
      '--from',
      'cli@mxray.test',
      '--to',
      'x@failover.test',
      ...route(),
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('=== failover.test: 3 MX hosts, tried in this order');
    expect(stdout).toContain(
      `=== Attempt 1: connection refused — trying MX 20 (mx2.failover.test, ${ip.busy})`,
    );
    expect(stdout).toContain('<- 421 4.3.2 mx2 is too busy, try later');
  });

  it('exits 2 for a null MX and 3 for SERVFAIL', async () => {
    const base = ['send', '--from', 'cli@mxray.test', ...route()];
    expect((await mxray([...base, '--to', 'a@nullmx.test'])).code).toBe(2);
    expect((await mxray([...base, '--to', 'a@servfail.test'])).code).toBe(3);
  });

  it('send --wait --retry-delay 5 to a greylisting MX: deferred first, delivered on the retry', async () => {
    const { code, stdout } = await mxray([
      'send',
      '--from',
      'cli@mxray.test',
      '--to',
      'x@greylist.test',
      ...route(),
      '--wait',
      '--retry-delay',
      '5',
      '--json',
    ]);
    expect(code).toBe(0);
    const report = SendReport.parse(JSON.parse(stdout));
    expect(report.attempts.map((a) => [a.n, a.host, a.outcome, a.reply?.code])).toEqual([
      [1, 'mx.greylist.test', 'deferred', 450],
      [2, 'mx.greylist.test', 'accepted', 250],
    ]);
    expect(report.attempts[0]?.reply?.text).toBe('4.7.1 Greylisted, try again in 1 seconds');
    expect(report.recipients).toEqual([
      expect.objectContaining({ address: 'x@greylist.test', status: 'delivered' }),
    ]);
    expect(new Set(report.transcript.map((l) => l.attempt))).toEqual(new Set([1, 2]));
  });

  it('send without --wait reports a deferred recipient with its next attempt, and exits 3', async () => {
    const { code, stdout } = await mxray([
      'send',
      '--from',
      'other@mxray.test',
      '--to',
      'y@greylist.test',
      ...route(),
      '--retry-delay',
      '120',
      '--json',
    ]);
    expect(code).toBe(3);
    const report = SendReport.parse(JSON.parse(stdout));
    const next = Date.parse(report.recipients[0]?.nextAttemptAt ?? '');
    // The server's own "try again in 1 seconds" wins over the 120 s default.
    expect(next - Date.now()).toBeLessThan(5_000);
    expect(report.recipients[0]).toMatchObject({
      status: 'deferred',
      reply: { code: 450, enhanced: '4.7.1' },
    });
  });

  it('mx DOMAIN --json follows the CLI contract', async () => {
    const { code, stdout } = await mxray([
      'mx',
      'failover.test',
      '--dns',
      lab.dns.address,
      '--json',
    ]);
    expect(code).toBe(0);
    const route = MxRoute.parse(JSON.parse(stdout));
    expect(route).toMatchObject({ domain: 'failover.test', kind: 'mx' });
    expect(route.hosts.map((h) => [h.host, h.preference, h.addresses])).toEqual([
      ['mx1.failover.test', 10, [ip.refused]],
      ['mx2.failover.test', 20, [ip.busy]],
      ['mx3.failover.test', 30, [ip.accepting]],
    ]);
    const human = await mxray(['mx', 'nullmx.test', '--dns', lab.dns.address]);
    expect(human.stdout.trim()).toBe(
      'nullmx.test: nullmx.test publishes a null MX (RFC 7505): it accepts no mail.',
    );
  });

  it('refuses a --dns that is not an IP address, with one line', async () => {
    const { code, stderr } = await mxray(['mx', 'example.test', '--dns', 'dns.example.test']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'mxray: mx: --dns: DNS server "dns.example.test" must be an IP address with an optional port, like 127.0.0.1:5353\n',
    );
  });
});

describe('a resolver that answers NXDOMAIN for everything', () => {
  it('defers the mail and says which resolver is broken, in text and JSON; verify says unknown', async () => {
    const broken = await startDnsServer({});
    try {
      const args = ['--from', 'cli@mxray.test', '--to', 'postmaster@gmail.com', '--tls', 'off'];
      const json = await mxray(['send', ...args, '--dns', broken.address, '--json']);
      expect(json.code).toBe(EXIT.deferred);
      const report = SendReport.parse(JSON.parse(json.stdout));
      expect(report.recipients[0]).toMatchObject({
        status: 'deferred',
        reason: expect.stringContaining(
          `Your DNS resolver ${broken.address} answers NXDOMAIN for everything, including the top-level domain "com."`,
        ),
      });
      const text = await mxray(['send', ...args, '--dns', broken.address]);
      expect(text.code).toBe(EXIT.deferred);
      expect(text.stdout).toContain(`Your DNS resolver ${broken.address} answers NXDOMAIN`);
      const verify = await mxray(['verify', '--dns', broken.address, '--json', 'x@gmail.com']);
      const [result] = JSON.parse(verify.stdout).results;
      expect(result).toMatchObject({ verdict: 'unknown' });
      expect(result.reason).toContain(`${broken.address} answers NXDOMAIN for everything`);
    } finally {
      await broken.close();
    }
  });
});

describe('two DNS servers that disagree about a domain', () => {
  it('send defers and verify says unknown, naming both servers, never a bounce', async () => {
    const { broken, good, close } = await startDisagreeingServers();
    try {
      const dns = ['--dns', broken.address, '--dns', good.address];
      const disagree = `The DNS servers disagree about gmail.com: ${broken.address} says it does not exist (NXDOMAIN), ${good.address} finds it.`;
      const args = ['--from', 'cli@mxray.test', '--to', 'postmaster@gmail.com', '--tls', 'off'];
      const send = await mxray(['send', ...args, ...dns, '--json']);
      expect(send.code).toBe(EXIT.deferred);
      expect(SendReport.parse(JSON.parse(send.stdout)).recipients[0]).toMatchObject({
        status: 'deferred',
        reason: expect.stringContaining(disagree),
      });
      const verify = await mxray(['verify', ...dns, '--json', 'x@gmail.com']);
      const [result] = JSON.parse(verify.stdout).results;
      expect(result).toMatchObject({
        verdict: 'unknown',
        reason: expect.stringContaining(disagree),
      });
    } finally {
      await close();
    }
  });
});
