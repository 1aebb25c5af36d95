import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsClient } from '../dns/resolver';
import { dnsResolver } from '../dns/routing';
import { checkAddress } from './address-syntax';
import { ip, startVerifyLab, type VerifyLab } from './test-support/verify-lab';
import { verifyAddresses } from './verifier';

let lab: VerifyLab;
beforeAll(async () => {
  lab = await startVerifyLab();
});
afterAll(() => lab?.close());

const verify = (addresses: string[], extra = {}) =>
  verifyAddresses(addresses, {
    resolve: dnsResolver(createDnsClient({ servers: [lab.dns.address] })),
    probeFrom: 'probe@mxray.test',
    helo: 'probe.mxray.test',
    tls: 'off',
    port: lab.port,
    timeouts: { connect: 2000, banner: 2000, command: 2000, mail: 2000, rcpt: 2000 },
    randomLocal: () => 'mxray-probe-random',
    ...extra,
  });

const verdicts = (results: { address: string; verdict: string; catchAll: boolean | null }[]) =>
  results.map((r) => [r.address, r.verdict, r.catchAll]);

describe('address verification against real servers, never DATA', () => {
  it('gives every verdict with its reason', async () => {
    const { results } = await verify([
      'alice@users.test',
      'nobody@users.test',
      'postmaster@users.test',
      'anyone@catchall.test',
      'later@grey.test',
      'stuffed@full.test',
      'alice@failover.test',
      'someone@nullmx.test',
      'someone@nxdomain.test',
      'not an address',
    ]);
    expect(verdicts(results)).toEqual([
      ['alice@users.test', 'deliverable', false],
      ['nobody@users.test', 'undeliverable', false],
      ['postmaster@users.test', 'risky', false],
      ['anyone@catchall.test', 'risky', true],
      ['later@grey.test', 'unknown', null],
      ['stuffed@full.test', 'risky', null],
      ['alice@failover.test', 'deliverable', false],
      ['someone@nullmx.test', 'undeliverable', null],
      ['someone@nxdomain.test', 'undeliverable', null],
      ['not an address', 'undeliverable', null],
    ]);
    const why = Object.fromEntries(results.map((r) => [r.address, r.reason]));
    expect(why['nobody@users.test']).toBe(
      'the mailbox does not exist: 550 5.1.1 <nobody@users.test>: no such user',
    );
    expect(why['postmaster@users.test']).toMatch(/^accepted, but it is a role account/);
    expect(why['anyone@catchall.test']).toMatch(
      /^accepted, but the domain accepts any address \(catch-all\)/,
    );
    expect(why['later@grey.test']).toMatch(/^greylisted, ask again later/);
    expect(why['stuffed@full.test']).toMatch(/^the mailbox exists but is full/);
    expect(why['someone@nullmx.test']).toMatch(/null MX/);
    expect(why['not an address']).toMatch(/^not a valid address/);
    expect(results.find((r) => r.address === 'later@grey.test')?.nextAttemptAt).not.toBeNull();
    expect(results.find((r) => r.address === 'alice@failover.test')?.mx).toBe('live.failover.test');
    expect(lab.sawData()).toBe(false);
  });

  it('reuses one session for many addresses, and follows a server that takes 5 RCPT per transaction', async () => {
    const before = lab.servers.five.connections();
    const addresses = Array.from({ length: 23 }, (_, i) => `user${i}@five.test`);
    const { results, sessions } = await verify([...addresses, 'nobody@five.test']);
    expect(results.map((r) => r.verdict)).toEqual([
      ...addresses.map(() => 'deliverable'),
      'undeliverable',
    ]);
    // One session learns the limit, one more asks the rest in transactions of 5 with RSET.
    expect(lab.servers.five.connections() - before).toBe(2);
    const second = sessions.at(-1)?.transcript.map((l) => l.text) ?? [];
    // 24 asked; the first session answered 5 (and the catch-all probe): 19 left in 4 transactions.
    expect(second.filter((t) => t === 'RSET').length).toBe(3);
    expect(second.some((t) => t === 'DATA')).toBe(false);
    expect(lab.sawData()).toBe(false);
  });

  it('asks a domain once for 50 addresses, against one connection each the simple way', async () => {
    const addresses = Array.from({ length: 50 }, (_, i) => `alice+${i}@catchall.test`);
    let before = lab.servers.catchall.connections();
    await verify(addresses);
    expect(lab.servers.catchall.connections() - before).toBe(1);
    before = lab.servers.catchall.connections();
    await verify(addresses, { sessionPerAddress: true });
    expect(lab.servers.catchall.connections() - before).toBe(50);
  });

  it('a refused probe sender says nothing about the mailboxes: unknown, not undeliverable', async () => {
    const { results } = await verify(['a@picky.test', 'b@picky.test'], { probeFrom: '' });
    expect(results.map((r) => [r.verdict, r.catchAll])).toEqual([
      ['unknown', null],
      ['unknown', null],
    ]);
    expect(results[0]?.reason).toMatch(/^the server refused the probe's sender: 550 5\.7\.1/);
    const named = await verify(['a@picky.test']);
    expect(named.results[0]?.verdict).toBe('risky'); // accepts anyone: catch-all
  });

  it('paces sessions to one domain when asked', async () => {
    const started = Date.now();
    await verify(['a@catchall.test', 'b@catchall.test', 'c@catchall.test'], {
      sessionPerAddress: true,
      paceMs: 250,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('tells how many results are coming before it probes: one per distinct address', async () => {
    const events: string[] = [];
    const { results } = await verify(
      ['alice@users.test', 'alice@USERS.test', 'not an address', 'not an address', 'b@grey.test'],
      {
        onPlanned: (n: number) => events.push(`planned ${n}`),
        onResult: () => events.push('result'),
      },
    );
    expect(results).toHaveLength(5);
    // The invalid address is answered during the syntax pass, before the plan.
    expect(events).toEqual(['result', 'planned 3', 'result', 'result']);
  });

  it('fails over from a dead first MX to the next', async () => {
    const { results, sessions } = await verify(['bob@failover.test']);
    expect(results[0]).toMatchObject({ verdict: 'deliverable', mx: 'live.failover.test' });
    expect(sessions.map((s) => s.ip)).toEqual([ip.dead, ip.users]);
    expect(sessions[0]?.outcome).toBe('connect-refused');
  });
});

describe('address syntax', () => {
  it('checks RFC 5321 mailboxes, turns IDN domains into punycode, flags SMTPUTF8', () => {
    expect(checkAddress('Alice@Bücher.example')).toMatchObject({
      ok: true,
      address: 'Alice@xn--bcher-kva.example',
      needsSmtpUtf8: false,
    });
    expect(checkAddress('jörg@example.com')).toMatchObject({ ok: true, needsSmtpUtf8: true });
    expect(checkAddress('"quoted name"@example.com')).toMatchObject({ ok: true });
    expect(checkAddress('a..b@example.com')).toMatchObject({ ok: false });
    expect(checkAddress(`${'x'.repeat(65)}@example.com`)).toMatchObject({
      ok: false,
      reason: 'the local part is longer than 64 octets',
    });
    expect(checkAddress('user@localhost')).toMatchObject({ ok: false });
    expect(checkAddress('user@-bad.example')).toMatchObject({ ok: false });
  });
});
