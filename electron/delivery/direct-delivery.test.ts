import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SendRequestInput } from '../../shared/send';
import { SendRequest } from '../../shared/send';
import { jobOf } from './delivery-job';
import { prepareSend } from './prepare-send';
import { startJob, startSend } from './start-send';
import { ip, type MxLab, startMxLab } from './test-support/mx-lab';

let lab: MxLab;
beforeAll(async () => {
  lab = await startMxLab();
});
afterAll(() => lab?.close());

function send(to: string[], session: Partial<SendRequestInput['session']> = {}) {
  const request = SendRequest.parse({
    envelope: { mailFrom: 'direct@mxray.test', rcptTo: to },
    message: { from: 'direct@mxray.test', to, subject: 'direct', text: 'hi' },
    route: { kind: 'mx', port: lab.port, dnsServers: [lab.dns.address] },
    session: {
      helo: 'client.mxray.test',
      tls: 'off',
      timeoutSeconds: 0.4,
      connectTimeoutSeconds: 2,
      ...session,
    },
  } satisfies SendRequestInput);
  return startSend(request).then((running) => running.done);
}

describe('direct MX delivery', () => {
  it('fails over MX 10 (refused) → MX 20 (421) → MX 30 (accepts), recording each attempt', async () => {
    const report = await send(['user@failover.test']);
    expect(
      report.attempts.map((a) => [a.n, a.preference, a.host, a.ip, a.outcome, a.phase]),
    ).toEqual([
      [1, 10, 'mx1.failover.test', ip.refused, 'connect-refused', 'connect'],
      [2, 20, 'mx2.failover.test', ip.busy, 'greeting-rejected', 'banner'],
      [3, 30, 'mx3.failover.test', ip.accepting, 'accepted', 'body'],
    ]);
    expect(report.attempts.map((a) => a.reason)).toEqual([
      `connection refused — trying MX 20 (mx2.failover.test, ${ip.busy})`,
      `421 4.3.2 at greeting — trying MX 30 (mx3.failover.test, ${ip.accepting})`,
      'accepted: 250',
    ]);
    expect(report.recipients).toEqual([
      expect.objectContaining({ address: 'user@failover.test', status: 'delivered' }),
    ]);
    expect(lab.smtp.accepting?.received.at(-1)?.to).toEqual(['user@failover.test']);
    expect(new Set(report.transcript.map((l) => l.attempt))).toEqual(new Set([1, 2, 3]));
    // DNS first: a note naming the server asked, and the first segment of the first attempt.
    expect(report.transcript[0]).toMatchObject({ attempt: 1, dir: 'note', phase: 'dns' });
    expect(report.transcript[0]?.text).toMatch(
      new RegExp(
        `^MX failover\\.test @ ${lab.dns.address.replaceAll('.', '\\.')} → 3 hosts: mx1\\.failover\\.test \\(10\\) ${ip.refused.replaceAll('.', '\\.')}; .* — \\d+ ms$`,
      ),
    );
    expect(report.attempts.map((a) => a.timings[0]?.phase)).toEqual(['dns', 'connect', 'connect']);
  });

  it('dials no other MX while the disk refuses the verdicts so far, and says so', async () => {
    const request = SendRequest.parse({
      envelope: { mailFrom: 'direct@mxray.test', rcptTo: ['user@failover.test'] },
      message: { from: 'direct@mxray.test', to: ['user@failover.test'], text: 'hi' },
      route: { kind: 'mx', port: lab.port, dnsServers: [lab.dns.address] },
      session: { helo: 'client.mxray.test', tls: 'off', timeoutSeconds: 0.4 },
    } satisfies SendRequestInput);
    const before = lab.scripted.busy?.connections ?? -1;
    let asked = 0;
    const report = await startJob(jobOf(request, await prepareSend(request)), {
      settledStored: async () => {
        asked++;
        throw new Error('ENOSPC');
      },
    }).done;
    expect(asked).toBe(1);
    expect(report.attempts.map((a) => a.reason)).toEqual([
      'connection refused — its verdicts could not be stored, so no other MX now',
    ]);
    expect(lab.scripted.busy?.connections).toBe(before);
    expect(report.recipients[0]?.status).toBe('deferred');
  });

  it('uses the implicit MX when the domain has only an address record', async () => {
    const report = await send(['user@implicit.test']);
    expect(report.attempts).toEqual([
      expect.objectContaining({
        host: 'implicit.test',
        preference: null,
        ip: ip.implicit,
        outcome: 'accepted',
      }),
    ]);
    expect(report.warnings).toEqual([
      'implicit.test has no MX record; using its own address (implicit MX, RFC 5321 §5.1).',
    ]);
  });

  it('bounces a null MX and a missing domain at once, connecting nowhere', async () => {
    const before = lab.connections();
    const report = await send(['a@nullmx.test', 'b@nxdomain.test']);
    expect(report.attempts).toEqual([]);
    expect(report.recipients).toEqual([
      expect.objectContaining({
        address: 'a@nullmx.test',
        status: 'bounced',
        reason: expect.stringMatching(/^5\.1\.10 nullmx\.test publishes a null MX/),
      }),
      expect.objectContaining({
        address: 'b@nxdomain.test',
        status: 'bounced',
        reason: expect.stringMatching(/^5\.1\.2 The domain nxdomain\.test does not exist/),
      }),
    ]);
    expect(lab.connections()).toBe(before);
    // Nothing dialled: the transcript is exactly the two lookups, each naming its server.
    expect(report.transcript.map((l) => [l.phase, l.text.replace(/ — \d+ ms$/, '')])).toEqual([
      ['dns', `MX nullmx.test @ ${lab.dns.address} → a null MX: it accepts no mail`],
      [
        'dns',
        `MX nxdomain.test @ ${lab.dns.address} → The domain nxdomain.test does not exist (NXDOMAIN from ${lab.dns.address}).`,
      ],
    ]);
  });

  it('defers, never bounces, when DNS fails (SERVFAIL)', async () => {
    const report = await send(['a@servfail.test']);
    expect(report.recipients).toEqual([
      expect.objectContaining({
        status: 'deferred',
        reason: expect.stringMatching(/^4\.4\.3 Could not look up MX for servfail\.test/),
      }),
    ]);
  });

  it('spreads equal preferences over both hosts across 40 runs', async () => {
    const firsts: string[] = [];
    for (let i = 0; i < 40; i++)
      firsts.push((await send(['x@equal.test'])).attempts[0]?.host ?? '');
    expect(new Set(firsts)).toEqual(new Set(['a.equal.test', 'b.equal.test']));
    const a = firsts.filter((h) => h === 'a.equal.test').length;
    expect(a).toBeGreaterThan(5);
    expect(a).toBeLessThan(35);
  });

  it('says port 25 looks blocked when every address stays silent', async () => {
    const report = await send(['x@silent.test']);
    expect(report.attempts.map((a) => a.outcome)).toEqual(['banner-timeout', 'banner-timeout']);
    expect(report.recipients[0]?.status).toBe('deferred');
    expect(report.warnings).toEqual([
      expect.stringMatching(
        /^Every MX address timed out without a word: outbound port 25 looks blocked/,
      ),
    ]);
  });

  it('stops at the first MX when it answers RCPT with a 5xx', async () => {
    const before = lab.smtp.backup?.connections() ?? 0;
    const report = await send(['nobody@reject.test']);
    expect(report.attempts.map((a) => [a.host, a.outcome])).toEqual([
      ['r1.reject.test', 'rejected'],
    ]);
    expect(report.recipients[0]).toMatchObject({
      status: 'bounced',
      reply: { code: 550, enhanced: '5.1.1' },
    });
    expect(lab.smtp.backup?.connections()).toBe(before);
  });

  it('sends only to recipients still pending at the next MX, never again to accepted ones', async () => {
    const report = await send(['user@failover.test', 'other@failover.test', 'x@implicit.test']);
    expect(report.recipients.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered']);
    const received = lab.smtp.accepting?.received.at(-1);
    expect(received?.to).toEqual(['user@failover.test', 'other@failover.test']);
    expect(lab.smtp.implicit?.received.at(-1)?.to).toEqual(['x@implicit.test']);
  });
});
