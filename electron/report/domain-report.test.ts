import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Blocklist, DEFAULT_BLOCKLISTS } from '../../shared/dnsbl';
import type { CheckStatus, DomainReport } from '../../shared/domain-report';
import { reportMarkdown } from '../../shared/domain-report-markdown';
import { createDnsClient } from '../dns/resolver';
import { dnsResolver } from '../dns/routing';
import { startDisagreeingServers } from '../dns/test-support/disagreeing-servers';
import { startDnsServer } from '../dns/test-support/dns-server';
import { REPORT_ROUTE, type ReportContext, runReport } from './domain-report';
import {
  GOOD_TEST_CHECKS,
  type ReportWorld,
  startReportWorld,
  WORLD_HELO,
} from './test-support/report-world';

let world: ReportWorld;
beforeAll(async () => {
  world = await startReportWorld();
}, 30_000);
afterAll(() => world?.close());

async function report(
  domain: string,
  senderDomain: string | null = null,
  servers = [world.dns],
  more: Partial<ReportContext> = {},
): Promise<DomainReport> {
  const dns = createDnsClient({ servers, timeoutMs: 1000, tries: 1 });
  const snapshots: DomainReport[] = [];
  const final = await runReport(
    { id: 'test', domain, senderDomain },
    {
      resolve: dnsResolver(dns, REPORT_ROUTE),
      dns,
      isLocal: () => false,
      helo: WORLD_HELO,
      port: world.port,
      ca: [world.ca],
      mtaStsPort: world.mtaStsPort,
      timeouts: { connect: 2000, banner: 10_000, command: 5000 },
      ...more,
    },
    (r) => snapshots.push(r),
  );
  // Live: the report grew while probes and lookups finished, and said so.
  expect(snapshots.length).toBeGreaterThan(1);
  expect(snapshots[0]?.done).toBe(false);
  expect(snapshots.at(-1)).toEqual(final);
  return final;
}

/** id → status, with "@host" for checks about one MX host or address. */
function statuses(r: DomainReport): Record<string, CheckStatus> {
  return Object.fromEntries(
    r.checks.map((c) => [c.subject ? `${c.id}@${c.subject.split(' ')[0]}` : c.id, c.status]),
  );
}

describe('domain report against loopback DNS, SMTP and HTTPS servers', () => {
  it('passes a well-run domain on every check, with the evidence', async () => {
    const r = await report('good.test', 'good.test');
    expect(statuses(r)).toEqual(GOOD_TEST_CHECKS);
    expect(r.counts).toEqual({ ok: 24, warn: 0, fail: 0, na: 0 });
    expect(r.summary).toBe('Mail to good.test can be delivered; every check passes.');
    const [probe] = r.probes;
    expect(probe).toMatchObject({
      host: 'mx.good.test',
      preference: 10,
      address: '127.0.9.1',
      state: 'done',
      reachable: true,
      bannerHost: 'mx.good.test',
      starttls: { offered: true, ok: true, protocol: 'TLSv1.3' },
      reverseDns: { names: ['mx.good.test'], forwardConfirmed: true },
      certificate: {
        chainVerifies: true,
        nameMatches: true,
        subjectAltNames: ['DNS:mx.good.test'],
      },
    });
    // Before STARTTLS the server offered STARTTLS; after it, not again (RFC 3207 §4.2).
    expect(probe?.ehlo?.keywordsBeforeTls).toContain('STARTTLS');
    expect(probe?.ehlo?.keywords).not.toContain('STARTTLS');
    expect(probe?.ehlo).toMatchObject({
      pipelining: true,
      eightBitMime: true,
      smtpUtf8: true,
      size: 10485760,
    });
    expect(probe?.certificate?.daysLeft).toBeGreaterThan(300);
    // No mail was sent: the probe stopped before MAIL FROM.
    expect(probe?.transcript.some((l) => /^MAIL FROM/i.test(l.text))).toBe(false);
    expect(
      probe?.transcript.filter((l) => l.dir === 'out').map((l) => l.text.split(' ')[0]),
    ).toEqual(['EHLO', 'STARTTLS', 'EHLO', 'QUIT']);
    const byId = (id: string) => r.checks.find((c) => c.id === id);
    expect(byId('policy.mta-sts')?.evidence).toContain('mode: enforce');
    expect(byId('sender.spf')?.evidence[0]).toBe('good.test. TXT "v=spf1 ip4:127.0.9.1 -all"');
    expect(byId('policy.dane')?.evidence[0]).toMatch(/TLSA 3 1 1 [0-9a-f]{64} \(DANE-EE\)/);
  }, 30_000);

  it('tells each bad certificate, the missing STARTTLS and the dead MX apart', async () => {
    const r = await report('certs.test', 'certs.test');
    const s = statuses(r);
    expect(s).toMatchObject({
      'mx.reachable': 'warn',
      'server.connect@dead.certs.test': 'fail',
      'server.starttls@dead.certs.test': 'na',
      'server.starttls@plain.certs.test': 'warn',
      'server.certificate@plain.certs.test': 'na',
      'server.certificate@wrongname.certs.test': 'warn',
      'server.certificate@expired.certs.test': 'warn',
      'server.certificate@selfsigned.certs.test': 'warn',
      'server.certificate@soon.certs.test': 'warn',
      'server.rdns@wrongname.certs.test': 'warn',
      'server.rdns@plain.certs.test': 'warn',
      'policy.mta-sts': 'warn',
      'policy.mta-sts-mx': 'ok',
      'policy.tls-rpt': 'warn',
      'policy.dane@plain.certs.test': 'na',
      'sender.spf': 'warn',
      'sender.dmarc': 'warn',
    });
    // Every MX address is probed, not only the five a delivery would try.
    expect(r.probes).toHaveLength(6);
    const probe = (host: string) => r.probes.find((p) => p.host === host);
    const soon = r.checks.find(
      (c) => c.id === 'server.certificate' && c.subject?.startsWith('soon.'),
    );
    expect(soon?.summary).toMatch(/^The certificate expires in [45] days\.$/);
    expect(probe('wrongname.certs.test')?.certificate).toMatchObject({
      chainVerifies: true,
      nameMatches: false,
    });
    expect(probe('expired.certs.test')?.certificate).toMatchObject({
      chainVerifies: false,
      chainError: 'CERT_HAS_EXPIRED',
      nameMatches: true,
    });
    expect(probe('expired.certs.test')?.certificate?.daysLeft).toBeLessThan(-300);
    expect(probe('selfsigned.certs.test')?.certificate).toMatchObject({
      chainVerifies: false,
      chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      nameMatches: true,
    });
    expect(probe('dead.certs.test')).toMatchObject({
      reachable: false,
      outcome: 'connect-refused',
      failure: `127.0.9.15:${world.port} refused the connection.`,
    });
    expect(probe('plain.certs.test')?.starttls).toMatchObject({ offered: false, ok: false });
    expect(probe('wrongname.certs.test')?.reverseDns).toMatchObject({
      names: ['elsewhere.certs.test'],
      forwardConfirmed: false,
    });
    expect(r.summary).toMatch(/^Mail to certs\.test can be delivered, but one check fails\./);

    const md = reportMarkdown(r).split('\n');
    expect(md[0]).toBe('# Domain report: certs.test');
    expect(md).toContain(`**${r.summary}**`);
    expect(md).toContain(
      '| MX | Address | Reachable | Banner host | EHLO | STARTTLS | Certificate | Reverse DNS |',
    );
    expect(md.find((l) => l.startsWith('| dead.certs.test (50)'))).toMatch(
      /\| 127\.0\.9\.15 \| no \(127\.0\.9\.15:\d+ refused the connection\.\)/,
    );
    expect(md).toContain('## Policies (MTA-STS, TLS-RPT, DANE)');
    expect(md).toContain(
      '- **Warning** · MTA-STS policy: The policy is in testing mode (max_age 86400 s): senders report TLS failures but still deliver.',
    );
    expect(md).toContain('  mode: testing');
  }, 30_000);

  it('turns certificate and coverage problems into failures under MTA-STS enforce and DANE', async () => {
    const r = await report('enforce.test');
    const s = statuses(r);
    expect(s).toMatchObject({
      'policy.mta-sts': 'ok',
      'policy.mta-sts-mx': 'fail',
      'server.certificate@mx.enforce.test': 'fail',
      // Not covered by the policy, but DANE still demands a matching certificate.
      'server.certificate@backup.enforce.test': 'ok',
      'policy.dane@backup.enforce.test': 'fail',
      // Matches, but the answer was not DNSSEC-validated.
      'policy.dane@mx.enforce.test': 'warn',
      'policy.tls-rpt': 'fail',
      // DANE insists on TLS: a host without STARTTLS fails both ways.
      'policy.dane@plain.enforce.test': 'fail',
      'server.starttls@plain.enforce.test': 'fail',
    });
    const dane = r.checks.find((c) => c.id === 'policy.dane' && c.subject === 'plain.enforce.test');
    expect(dane?.summary).toMatch(/^127\.0\.9\.14 does not complete STARTTLS, which DANE requires/);
  }, 30_000);

  it.each([
    ['nopolicy.test', /could not be fetched: mta-sts\.nopolicy\.test has no address record/],
    ['badcert-sts.test', /could not be fetched: ERR_TLS_CERT_ALTNAME_INVALID/],
    ['twosts.test', /holds 2 v=STSv1 records/],
  ])(
    'fails MTA-STS announced but unusable: %s',
    async (domain, why) => {
      const r = await report(domain);
      const sts = r.checks.find((c) => c.id === 'policy.mta-sts');
      expect(sts?.status).toBe('fail');
      expect(sts?.summary).toMatch(why);
    },
    30_000,
  );

  it('blames a resolver that answers NXDOMAIN for everything, names it, and asks nothing of the domain', async () => {
    const broken = await startDnsServer({});
    try {
      const r = await report('gmail.com', 'example.com', [broken.address]);
      expect(r.summary).toBe(
        `gmail.com cannot be checked: the DNS resolver ${broken.address} answers NXDOMAIN for everything, the top-level domain "com." included. The fault is in the resolver, not in gmail.com.`,
      );
      expect(r.checks).toEqual([
        {
          id: 'dns.resolver',
          group: 'mx',
          title: 'DNS resolver',
          status: 'fail',
          summary: expect.stringContaining(`Your DNS resolver ${broken.address} answers NXDOMAIN`),
          hint: 'Point MXray at DNS servers that answer (Settings → DNS, or --dns) and check gmail.com again. Nothing here is about gmail.com itself.',
          evidence: [`DNS asked: ${broken.address}`],
          subject: null,
        },
      ]);
      expect(JSON.stringify(r.checks)).not.toMatch(/Publish/i);
      expect(r.probes).toEqual([]);
    } finally {
      await broken.close();
    }
  }, 30_000);

  it('names both servers when they disagree about the domain', async () => {
    const { broken, good, close } = await startDisagreeingServers();
    try {
      const r = await report('gmail.com', null, [broken.address, good.address]);
      expect(r.summary).toBe(
        `gmail.com cannot be checked: the DNS servers ${broken.address} and ${good.address} disagree about whether gmail.com exists. The fault is in the resolver, not in gmail.com.`,
      );
      expect(r.checks.map((c) => [c.id, c.status])).toEqual([['dns.resolver', 'fail']]);
    } finally {
      await close();
    }
  }, 30_000);

  it('reports a null MX and an implicit MX from the route', async () => {
    const nullMx = await report('nullmx.test');
    expect(statuses(nullMx)).toMatchObject({
      'mx.records': 'fail',
      'mx.reachable': 'na',
      'mx.backup': 'na',
      // Nothing published: optional policies are n/a, not failures.
      'policy.mta-sts': 'na',
      'policy.mta-sts-mx': 'na',
      'policy.tls-rpt': 'na',
    });
    expect(nullMx.probes).toEqual([]);
    expect(nullMx.summary).toMatch(/^Mail to nullmx\.test cannot be delivered now\./);
    const implicit = await report('implicit.test');
    expect(statuses(implicit)).toMatchObject({ 'mx.records': 'warn', 'mx.reachable': 'ok' });
    expect(implicit.probes.map((p) => p.address)).toEqual(['127.0.9.1']);
  }, 30_000);

  it('says what an old or broken server lacks: HELO only, no PIPELINING or 8BITMIME, a failed handshake', async () => {
    const r = await report('legacy.test');
    expect(statuses(r)).toMatchObject({
      'server.ehlo@helo.legacy.test': 'warn',
      'server.ehlo@bare.legacy.test': 'warn',
      'server.ehlo@tls.legacy.test': 'ok',
      'server.starttls@tls.legacy.test': 'fail',
      'server.starttls@bare.legacy.test': 'warn',
      'server.certificate@tls.legacy.test': 'na',
    });
    const probe = (host: string) => r.probes.find((p) => p.host === host);
    expect(probe('helo.legacy.test')?.ehlo).toMatchObject({ helo: true, keywords: [] });
    expect(probe('bare.legacy.test')?.ehlo).toMatchObject({
      helo: false,
      size: 1_000_000,
      pipelining: false,
    });
    expect(probe('tls.legacy.test')?.starttls).toMatchObject({ offered: true, ok: false });
    const summary = (id: string, host: string) =>
      r.checks.find((c) => c.id === id && c.subject?.startsWith(host))?.summary;
    expect(summary('server.ehlo', 'helo.')).toMatch(
      /^EHLO was refused; the server speaks only HELO/,
    );
    expect(summary('server.ehlo', 'bare.')).toMatch(/no PIPELINING or 8BITMIME/);
    expect(summary('server.starttls', 'tls.')).toMatch(
      /^STARTTLS is offered but the handshake fails/,
    );
  }, 30_000);

  it('flags a banner that takes seconds', async () => {
    const r = await report('slowbanner.test');
    const connect = r.checks.find((c) => c.id === 'server.connect');
    expect(connect?.status).toBe('warn');
    expect(connect?.summary).toMatch(/^The banner took 5\.\d s — tarpitting or overload/);
  }, 30_000);

  it('warns of MX records naming an IP address, an alias or a host without address; fails with no MX up', async () => {
    const bad = await report('badmx.test');
    const records = bad.checks.find((c) => c.id === 'mx.records');
    expect(records?.status).toBe('warn');
    expect(records?.summary).toMatch(
      /^3 problems with the MX records: MX 10 127\.0\.9\.1 is an IP address/,
    );
    expect(records?.evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/is an alias \(CNAME to mx\.good\.test\)/),
        expect.stringMatching(/noaddr\.badmx\.test has no address record/),
      ]),
    );
    expect(bad.probes.map((p) => p.host)).toEqual(['mx.good.test']);
    const down = await report('down.test');
    expect(statuses(down)['mx.reachable']).toBe('fail');
    expect(down.summary).toMatch(/^Mail to down\.test cannot be delivered now\./);
  }, 30_000);

  it.each([
    ['stsnone.test', 'policy.mta-sts', 'warn', /mode none: it withdraws MTA-STS/],
    ['stsnone.test', 'policy.mta-sts-mx', 'na', /mode none/],
    ['stsshort.test', 'policy.mta-sts', 'warn', /max_age 3600 s is short/],
    ['tworpt.test', 'policy.tls-rpt', 'fail', /^2 TLS-RPT records/],
  ])(
    'policies of %s: %s is %s',
    async (domain, id, status, why) => {
      const c = (await report(domain)).checks.find((x) => x.id === id);
      expect(c?.status).toBe(status);
      expect(c?.summary).toMatch(why);
    },
    30_000,
  );

  it('DANE: PKIX usages are unusable for SMTP; DANE-TA matches the issuing CA', async () => {
    const s = statuses(await report('dane.test'));
    expect(s['policy.dane@pkix.dane.test']).toBe('warn');
    expect(s['policy.dane@ta.dane.test']).toBe('ok');
    // The certificate names mx.good.test, not these hosts: DANE makes that a failure.
    expect(s['server.certificate@ta.dane.test']).toBe('fail');
  }, 30_000);

  it.each([
    ['spf-plusall.test', 'sender.spf', 'fail', /lets any address send/],
    [
      'spf-broken.test',
      'sender.spf',
      'fail',
      /\(permerror: invalid IP address\); receivers treat it as no SPF at all\./,
    ],
    ['spf-many.test', 'sender.spf', 'fail', /\(permerror: Too many DNS requests\)/],
    ['spf-neutral.test', 'sender.spf', 'warn', /says nothing/],
    ['dmarc-none.test', 'sender.dmarc', 'warn', /monitoring mode \(p=none\)/],
    ['dmarc-two.test', 'sender.dmarc', 'fail', /2 DMARC records/],
    ['spf-nine.test', 'sender.spf', 'warn', /needs 9 of the 10 DNS lookups/],
    ['dmarc-bad.test', 'sender.dmarc', 'fail', /no valid p= tag/],
    ['dmarc-pct.test', 'sender.dmarc', 'warn', /on only 50% of failing mail/],
  ])(
    'sender domain %s: %s is %s',
    async (sender, id, status, why) => {
      const r = await report('nullmx.test', sender);
      const c = r.checks.find((x) => x.id === id);
      expect(c?.status).toBe(status);
      expect(c?.summary).toMatch(why);
    },
    30_000,
  );
});

const byId = (r: DomainReport, id: string) => r.checks.filter((c) => c.id === id);

/** A list of the world's own, for listings of 127.0.0.1 (the well-known lists there are clean). */
const worldList = (zone: string): Blocklist => ({
  zone,
  name: `List ${zone}`,
  kind: 'ip',
  delistUrl: `https://${zone}/delist`,
  codes: [
    { code: '127.0.0.2', label: 'spam source', meaning: `listed on ${zone} as a spam source.` },
  ],
  refusals: [],
  ipv6: false,
});

describe('domain report: blocklists and the sending IP', () => {
  it('fails a sender domain on Spamhaus DBL, with the code, the TXT reason and the delist page', async () => {
    const r = await report('nullmx.test', 'dbl-listed.test');
    const [dbl, ...more] = byId(r, 'sender.blocklist.dbl.spamhaus.org');
    expect(more).toEqual([]);
    expect(dbl).toMatchObject({
      group: 'sender',
      status: 'fail',
      subject: 'dbl-listed.test',
      summary:
        'dbl-listed.test is listed on Spamhaus DBL: 127.0.1.2 spam domain, on the Spamhaus Domain Block List: the domain is used by spammers.',
      hint: 'Fix the cause, then ask for removal at https://check.spamhaus.org/.',
    });
    expect(dbl?.evidence).toEqual([
      'dbl-listed.test.dbl.spamhaus.org. A 127.0.1.2',
      'dbl-listed.test.dbl.spamhaus.org. TXT "https://www.spamhaus.org/query/domain/dbl-listed.test"',
      `asked ${world.dns}`,
    ]);
    // Only domain lists are asked about a domain; no MX answered, so no sending IP either.
    expect(r.checks.filter((c) => c.id.includes('.blocklist.')).map((c) => c.id)).toEqual([
      'sender.blocklist.dbl.spamhaus.org',
    ]);
    expect(r.summary).toMatch(/Blocklist: Spamhaus DBL/);
  }, 30_000);

  it('a clean sender domain passes DBL; no sender domain, no domain list asked', async () => {
    const clean = await report('nullmx.test', 'spf-neutral.test');
    expect(statuses(clean)['sender.blocklist.dbl.spamhaus.org@spf-neutral.test']).toBe('ok');
    const none = await report('nullmx.test');
    expect(none.checks.some((c) => c.id.startsWith('sender.'))).toBe(false);
  }, 30_000);

  it('takes the sending IP a server states, once: PTR, FCrDNS, HELO, and each IP blocklist', async () => {
    // certs.test has five servers that state the client address: checked once all the same.
    const r = await report('certs.test');
    const stating = r.probes.filter((p) => p.clientAddress);
    expect(stating.length).toBeGreaterThan(1);
    for (const p of stating) expect(p.clientAddress).toBe('127.0.0.1');
    expect(r.probes.find((p) => p.host === 'dead.certs.test')?.clientAddress).toBeNull();
    const sendingIp = r.checks.filter((c) => c.group === 'connection');
    expect(sendingIp.map((c) => [c.id, c.status, c.subject])).toEqual([
      ['connection.sending-ip.ptr', 'ok', null],
      ['connection.sending-ip.fcrdns', 'ok', null],
      ['connection.sending-ip.helo', 'ok', null],
      ...DEFAULT_BLOCKLISTS.filter((l) => l.kind === 'ip').map((l) => [
        `connection.blocklist.${l.zone}`,
        'ok',
        '127.0.0.1',
      ]),
    ]);
    const [ptr] = byId(r, 'connection.sending-ip.ptr');
    expect(ptr?.evidence[0]).toMatch(
      /^Sending IP 127\.0\.0\.1: stated by \S+\.certs\.test \(127\.0\.9\.\d+\): "250-\S+ Nice to meet you, \[127\.0\.0\.1\]"$/,
    );
    expect(ptr?.summary).toBe('127.0.0.1 has a PTR record: probe.mxray.test.');
    const [zen] = byId(r, 'connection.blocklist.zen.spamhaus.org');
    expect(zen).toMatchObject({
      title: 'Blocklist: Spamhaus ZEN',
      summary: '127.0.0.1 is not on Spamhaus ZEN.',
      evidence: ['1.0.0.127.zen.spamhaus.org. A (not-listed)', `asked ${world.dns}`],
    });
    // The terminal and Markdown renderings give the group its title.
    expect(reportMarkdown(r)).toContain('## Your sending IP');
  }, 30_000);

  it('fails a sending IP on a blocklist; a list that does not answer is unknown, within its timeout', async () => {
    const started = Date.now();
    const r = await report('good.test', null, [world.dns], {
      blocklists: {
        lists: [worldList('bl.mxray.test'), worldList('slow.mxray.test')],
        timeoutMs: 500,
      },
    });
    expect(Date.now() - started).toBeLessThan(5000);
    const [listed] = byId(r, 'connection.blocklist.bl.mxray.test');
    expect(listed).toMatchObject({
      status: 'fail',
      subject: '127.0.0.1',
      summary:
        '127.0.0.1 is listed on List bl.mxray.test: 127.0.0.2 spam source, listed on bl.mxray.test as a spam source.',
      hint: 'Fix the cause, then ask for removal at https://bl.mxray.test/delist.',
    });
    const [slow] = byId(r, 'connection.blocklist.slow.mxray.test');
    expect(slow?.status).toBe('warn');
    expect(slow?.summary).toMatch(/^Unknown: .*did not answer within 500 ms.*not a clean result/);
    expect(r.summary).toMatch(/^Mail to good\.test can be delivered, but one check fails\./);
  }, 30_000);

  it('says the sending IP is not known when no server states it, and how to give it', async () => {
    const r = await report('legacy.test');
    expect(r.probes.every((p) => p.clientAddress === null)).toBe(true);
    const sendingIp = r.checks.filter((c) => c.group === 'connection');
    expect(sendingIp).toEqual([
      expect.objectContaining({
        id: 'connection.sending-ip',
        status: 'na',
        summary: expect.stringMatching(/^The sending IP is not known: no MX server stated it/),
        hint: expect.stringContaining('mxray check --sending-ip'),
      }),
    ]);
    expect(r.checks.some((c) => c.id.includes('.blocklist.'))).toBe(false);
  }, 30_000);
});
