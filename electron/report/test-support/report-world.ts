import { createHash, X509Certificate } from 'node:crypto';
import https from 'node:https';
import { startDnsServer, type Zone } from '../../dns/test-support/dns-server';
import { type KeyAndCert, selfSignedCert, testCa } from '../../smtp/test-support/certs';
import { freePortOn } from '../../smtp/test-support/free-port';
import {
  type ScriptedConnection,
  type ScriptedServer,
  startScriptedServer,
} from '../../smtp/test-support/scripted-server';
import { startSmtpServer, type TestSmtpServer } from '../../smtp/test-support/smtp-server';

/**
 * A small Internet on 127.0.9.x for domain reports: a DNS server with crafted records, SMTP
 * servers with chosen certificates and capabilities, and HTTPS servers for MTA-STS policies.
 *
 * good.test      every check passes (MTA-STS enforce, TLS-RPT, signed DANE-EE, SPF -all, DMARC reject)
 * certs.test     wrong name, expired, self-signed, no STARTTLS, a dead MX; MTA-STS testing; no TLS-RPT
 * enforce.test   MTA-STS enforce over a self-signed MX and an uncovered backup; DANE mismatch,
 *                DANE on a host without STARTTLS; bad TLS-RPT
 * nopolicy.test, badcert-sts.test, twosts.test   MTA-STS announced but unusable
 * legacy.test    EHLO refused (HELO only), EHLO without PIPELINING/8BITMIME, a broken TLS handshake
 * slowbanner.test  a banner after 5.2 s
 * stsnone.test, stsshort.test, tworpt.test     a policy withdrawn, one forgotten in an hour, two TLS-RPT
 * pkix.dane.test, ta.dane.test                  TLSA with PKIX usages only; DANE-TA matching the CA
 * nullmx.test, implicit.test, badmx.test, down.test   route problems
 * spf-*.test, dmarc-*.test                       sender domains
 * dbl-listed.test                                a sender domain on Spamhaus DBL (127.0.1.2)
 * 127.0.0.1 (the client)   PTR probe.mxray.test, which resolves back; on no IP blocklist
 */
/** good.test with sender domain good.test: every check, each ok (id@host for per-host ones). */
export const GOOD_TEST_CHECKS = {
  'mx.records': 'ok',
  'mx.backup': 'ok',
  'mx.reachable': 'ok',
  'server.connect@mx.good.test': 'ok',
  'server.ehlo@mx.good.test': 'ok',
  'server.starttls@mx.good.test': 'ok',
  'server.certificate@mx.good.test': 'ok',
  'server.rdns@mx.good.test': 'ok',
  'policy.mta-sts': 'ok',
  'policy.mta-sts-mx': 'ok',
  'policy.tls-rpt': 'ok',
  'policy.dane@mx.good.test': 'ok',
  'sender.spf': 'ok',
  'sender.dmarc': 'ok',
  'sender.blocklist.dbl.spamhaus.org@good.test': 'ok',
  // The servers state the client address, 127.0.0.1, whose PTR is the probes' HELO name.
  'connection.sending-ip.ptr': 'ok',
  'connection.sending-ip.fcrdns': 'ok',
  'connection.sending-ip.helo': 'ok',
  ...Object.fromEntries(
    [
      'zen.spamhaus.org',
      'b.barracudacentral.org',
      'bl.spamcop.net',
      'dnsbl-1.uceprotect.net',
      'psbl.surriel.com',
      'bl.mailspike.net',
    ].map((zone) => [`connection.blocklist.${zone}@127.0.0.1`, 'ok']),
  ),
};

/** The HELO name the world's client announces: 127.0.0.1's PTR name, which resolves back. */
export const WORLD_HELO = 'probe.mxray.test';

export interface ReportWorld {
  dns: string;
  port: number;
  mtaStsPort: number;
  ca: string;
  servers: TestSmtpServer[];
  close(): Promise<void>;
}

const IP = {
  good: '127.0.9.1',
  wrongname: '127.0.9.11',
  expired: '127.0.9.12',
  selfsigned: '127.0.9.13',
  plain: '127.0.9.14',
  dead: '127.0.9.15',
  soon: '127.0.9.16',
  heloOnly: '127.0.9.31',
  bare: '127.0.9.32',
  tlsBroken: '127.0.9.33',
  slowBanner: '127.0.9.34',
  elsewhere: '127.0.9.99',
  enforceMx: '127.0.9.21',
  enforceBackup: '127.0.9.22',
  sts: '127.0.9.100',
  stsBadCert: '127.0.9.101',
} as const;

const ptrName = (ip: string) => `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
const spki256 = (pem: string) =>
  createHash('sha256')
    .update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
const der256 = (pem: string) =>
  createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');

const txt = (text: string) => ({ type: 'TXT' as const, text });
const a = (address: string) => ({ type: 'A' as const, address });
const mx = (preference: number, exchange: string) => ({
  type: 'MX' as const,
  preference,
  exchange,
});
const STS_TXT = txt('v=STSv1; id=20261201T000000');

const POLICIES: Record<string, string> = {
  'mta-sts.good.test': 'version: STSv1\nmode: enforce\nmx: mx.good.test\nmax_age: 604800\n',
  'mta-sts.certs.test': 'version: STSv1\nmode: testing\nmx: *.certs.test\nmax_age: 86400\n',
  'mta-sts.enforce.test': 'version: STSv1\nmode: enforce\nmx: mx.enforce.test\nmax_age: 604800\n',
  'mta-sts.stsnone.test': 'version: STSv1\nmode: none\nmax_age: 86400\n',
  'mta-sts.stsshort.test': 'version: STSv1\nmode: enforce\nmx: mx.good.test\nmax_age: 3600\n',
};

/** A server that speaks just enough SMTP for one flaw; `ehlo` answers EHLO, `starttls` STARTTLS. */
function scripted(
  host: string,
  port: number,
  flaw: { banner?: number; ehlo: string[]; starttls?: (c: ScriptedConnection) => void },
): Promise<ScriptedServer> {
  return startScriptedServer(
    async (c) => {
      if (flaw.banner) await new Promise((r) => setTimeout(r, flaw.banner));
      c.reply(`220 ${host} ESMTP`);
      for (;;) {
        const line = await c.line();
        if (/^EHLO /i.test(line)) c.reply(...flaw.ehlo);
        else if (/^HELO /i.test(line)) c.reply(`250 ${host}`);
        else if (/^STARTTLS/i.test(line) && flaw.starttls) return flaw.starttls(c);
        else if (/^QUIT/i.test(line)) {
          c.reply('221 2.0.0 Bye');
          return c.end();
        } else c.reply('502 5.5.2 Not here');
      }
    },
    host,
    port,
  );
}

async function httpsServer(host: string, port: number, tls: KeyAndCert) {
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
    const policy = POLICIES[(request.headers.host ?? '').split(':')[0] ?? ''];
    if (request.url !== '/.well-known/mta-sts.txt' || !policy) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain' }).end(policy);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

export async function startReportWorld(): Promise<ReportWorld> {
  const ca = await testCa();
  const listening = [
    IP.good,
    IP.wrongname,
    IP.expired,
    IP.selfsigned,
    IP.plain,
    IP.soon,
    IP.enforceMx,
    IP.enforceBackup,
    IP.heloOnly,
    IP.bare,
    IP.tlsBroken,
    IP.slowBanner,
  ];
  const port = await freePortOn([...listening, IP.dead]);
  const mtaStsPort = await freePortOn([IP.sts, IP.stsBadCert]);
  const year = 365 * 86_400_000;
  const certs = {
    good: await ca.issue(['mx.good.test']),
    wrongname: await ca.issue(['other.example']),
    expired: await ca.issue(['expired.certs.test'], {
      from: new Date(Date.now() - 2 * year),
      until: new Date(Date.now() - year),
    }),
    selfsigned: await selfSignedCert('selfsigned.certs.test'),
    enforceMx: await selfSignedCert('mx.enforce.test'),
    enforceBackup: await ca.issue(['backup.enforce.test']),
    soon: await ca.issue(['soon.certs.test'], { until: new Date(Date.now() + 5 * 86_400_000) }),
  };
  const tlsServer = (ip: string, tls: KeyAndCert, name: string) =>
    startSmtpServer(
      {
        key: tls.key,
        cert: tls.cert,
        disabledCommands: ['AUTH'],
        name,
        size: 10 * 1024 * 1024,
        // "Nice to meet you, [127.0.0.1]": the client address stated, and no lookup outside.
        disableReverseLookup: true,
      },
      ip,
      port,
    );
  const servers = await Promise.all([
    tlsServer(IP.good, certs.good, 'mx.good.test'),
    tlsServer(IP.wrongname, certs.wrongname, 'wrongname.certs.test'),
    tlsServer(IP.expired, certs.expired, 'expired.certs.test'),
    tlsServer(IP.selfsigned, certs.selfsigned, 'selfsigned.certs.test'),
    startSmtpServer({ name: 'plain.certs.test', disableReverseLookup: true }, IP.plain, port),
    tlsServer(IP.enforceMx, certs.enforceMx, 'mx.enforce.test'),
    tlsServer(IP.enforceBackup, certs.enforceBackup, 'backup.enforce.test'),
    tlsServer(IP.soon, certs.soon, 'soon.certs.test'),
  ]);
  const flawed = await Promise.all([
    scripted(IP.heloOnly, port, { ehlo: ['502 5.5.1 EHLO not understood'] }),
    scripted(IP.bare, port, { ehlo: ['250-bare.legacy.test', '250 SIZE 1000000'] }),
    scripted(IP.tlsBroken, port, {
      ehlo: ['250-tls.legacy.test', '250-PIPELINING', '250-8BITMIME', '250 STARTTLS'],
      starttls: (c) => {
        c.reply('220 2.0.0 Go ahead');
        c.raw('this is not a TLS handshake\r\n');
        c.end();
      },
    }),
    scripted(IP.slowBanner, port, {
      banner: 5200,
      ehlo: ['250-mx.slowbanner.test', '250-PIPELINING', '250 8BITMIME'],
    }),
  ]);
  const closeSts = await httpsServer(IP.sts, mtaStsPort, await ca.issue(Object.keys(POLICIES)));
  const closeBadSts = await httpsServer(
    IP.stsBadCert,
    mtaStsPort,
    await ca.issue(['wrong.example']),
  );

  const tlsa = (host: string) => `_${port}._tcp.${host}`;
  const manyIncludes = Array.from({ length: 11 }, (_, i) => `include:i${i}.spf-many.test`).join(
    ' ',
  );
  const zones: Record<string, Zone> = {
    'good.test': [mx(10, 'mx.good.test'), txt('v=spf1 ip4:127.0.9.1 -all')],
    'mx.good.test': [a(IP.good)],
    [ptrName(IP.good)]: [{ type: 'PTR', target: 'mx.good.test' }],
    '_mta-sts.good.test': [STS_TXT],
    'mta-sts.good.test': [a(IP.sts)],
    '_smtp._tls.good.test': [txt('v=TLSRPTv1; rua=mailto:tls-reports@good.test')],
    [tlsa('mx.good.test')]: [
      { type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: spki256(certs.good.cert) },
    ],
    '_dmarc.good.test': [txt('v=DMARC1; p=reject; rua=mailto:dmarc@good.test')],

    'certs.test': [
      mx(10, 'wrongname.certs.test'),
      mx(20, 'expired.certs.test'),
      mx(30, 'selfsigned.certs.test'),
      mx(40, 'plain.certs.test'),
      mx(50, 'dead.certs.test'),
      mx(60, 'soon.certs.test'),
    ],
    'soon.certs.test': [a(IP.soon)],
    'wrongname.certs.test': [a(IP.wrongname)],
    'expired.certs.test': [a(IP.expired)],
    'selfsigned.certs.test': [a(IP.selfsigned)],
    'plain.certs.test': [a(IP.plain)],
    'dead.certs.test': [a(IP.dead)],
    [ptrName(IP.wrongname)]: [{ type: 'PTR', target: 'elsewhere.certs.test' }],
    'elsewhere.certs.test': [a(IP.elsewhere)],
    '_mta-sts.certs.test': [STS_TXT],
    'mta-sts.certs.test': [a(IP.sts)],

    'enforce.test': [
      mx(10, 'mx.enforce.test'),
      mx(20, 'backup.enforce.test'),
      mx(30, 'plain.enforce.test'),
    ],
    'plain.enforce.test': [a(IP.plain)],
    'mx.enforce.test': [a(IP.enforceMx)],
    'backup.enforce.test': [a(IP.enforceBackup)],
    '_mta-sts.enforce.test': [STS_TXT],
    'mta-sts.enforce.test': [a(IP.sts)],
    '_smtp._tls.enforce.test': [txt('v=TLSRPTv1; rua=ftp://reports.enforce.test')],
    [tlsa('mx.enforce.test')]: [
      { type: 'TLSA', usage: 3, selector: 0, matchingType: 1, data: der256(certs.enforceMx.cert) },
    ],
    [tlsa('plain.enforce.test')]: [
      { type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: spki256(certs.good.cert) },
    ],
    [tlsa('backup.enforce.test')]: [
      { type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: '00'.repeat(32) },
    ],

    'nopolicy.test': [mx(10, 'mx.good.test')],
    '_mta-sts.nopolicy.test': [STS_TXT],
    'badcert-sts.test': [mx(10, 'mx.good.test')],
    '_mta-sts.badcert-sts.test': [STS_TXT],
    'mta-sts.badcert-sts.test': [a(IP.stsBadCert)],
    'twosts.test': [mx(10, 'mx.good.test')],
    '_mta-sts.twosts.test': [STS_TXT, txt('v=STSv1; id=2')],

    'legacy.test': [
      mx(10, 'helo.legacy.test'),
      mx(20, 'bare.legacy.test'),
      mx(30, 'tls.legacy.test'),
    ],
    'helo.legacy.test': [a(IP.heloOnly)],
    'bare.legacy.test': [a(IP.bare)],
    'tls.legacy.test': [a(IP.tlsBroken)],
    'slowbanner.test': [mx(10, 'mx.slowbanner.test')],
    'mx.slowbanner.test': [a(IP.slowBanner)],
    'badmx.test': [
      mx(10, '127.0.9.1'),
      mx(20, 'alias.badmx.test'),
      mx(30, 'noaddr.badmx.test'),
      mx(40, 'mx.good.test'),
    ],
    'alias.badmx.test': [{ type: 'CNAME', target: 'mx.good.test' }],
    'noaddr.badmx.test': [txt('no address here')],
    'down.test': [mx(10, 'dead.certs.test')],
    'stsnone.test': [mx(10, 'mx.good.test')],
    '_mta-sts.stsnone.test': [STS_TXT],
    'mta-sts.stsnone.test': [a(IP.sts)],
    'stsshort.test': [mx(10, 'mx.good.test')],
    '_mta-sts.stsshort.test': [STS_TXT],
    'mta-sts.stsshort.test': [a(IP.sts)],
    'tworpt.test': [mx(10, 'mx.good.test')],
    '_smtp._tls.tworpt.test': [
      txt('v=TLSRPTv1; rua=mailto:a@tworpt.test'),
      txt('v=TLSRPTv1; rua=mailto:b@tworpt.test'),
    ],
    'dane.test': [mx(10, 'pkix.dane.test'), mx(20, 'ta.dane.test')],
    'pkix.dane.test': [a(IP.good)],
    'ta.dane.test': [a(IP.good)],
    [tlsa('pkix.dane.test')]: [
      { type: 'TLSA', usage: 1, selector: 1, matchingType: 1, data: spki256(certs.good.cert) },
    ],
    [tlsa('ta.dane.test')]: [
      { type: 'TLSA', usage: 2, selector: 0, matchingType: 1, data: der256(ca.cert) },
    ],
    'nullmx.test': [mx(0, '.')],
    [ptrName('127.0.0.1')]: [{ type: 'PTR', target: WORLD_HELO }],
    [WORLD_HELO]: [a('127.0.0.1')],
    'dbl-listed.test': [txt('v=spf1 -all')],
    '1.0.0.127.bl.mxray.test': [a('127.0.0.2')],
    '1.0.0.127.slow.mxray.test': 'TIMEOUT',
    'dbl-listed.test.dbl.spamhaus.org': [
      a('127.0.1.2'),
      txt('https://www.spamhaus.org/query/domain/dbl-listed.test'),
    ],
    'implicit.test': [a(IP.good)],

    'spf-plusall.test': [txt('v=spf1 +all')],
    'spf-broken.test': [txt('v=spf1 ip4:not-an-address -all')],
    'spf-neutral.test': [txt('v=spf1 a ?all')],
    'spf-many.test': [txt(`v=spf1 ${manyIncludes} -all`)],
    ...Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [
        `i${i}.spf-many.test`,
        [txt('v=spf1 ip4:192.0.2.200 -all')],
      ]),
    ),
    'dmarc-none.test': [txt('v=spf1 -all')],
    '_dmarc.dmarc-none.test': [txt('v=DMARC1; p=none')],
    'spf-nine.test': [
      txt(
        `v=spf1 ${Array.from({ length: 9 }, (_, i) => `include:i${i}.spf-many.test`).join(' ')} -all`,
      ),
    ],
    'dmarc-bad.test': [txt('v=spf1 -all')],
    '_dmarc.dmarc-bad.test': [txt('v=DMARC1; p=maybe')],
    'dmarc-pct.test': [txt('v=spf1 -all')],
    '_dmarc.dmarc-pct.test': [txt('v=DMARC1; p=reject; pct=50; rua=mailto:d@dmarc-pct.test')],
    'dmarc-two.test': [txt('v=spf1 -all')],
    '_dmarc.dmarc-two.test': [txt('v=DMARC1; p=reject'), txt('v=DMARC1; p=none')],
  };
  const dns = await startDnsServer(zones, '127.0.0.1', {
    signed: [
      tlsa('mx.good.test'),
      tlsa('backup.enforce.test'),
      tlsa('plain.enforce.test'),
      tlsa('pkix.dane.test'),
      tlsa('ta.dane.test'),
    ],
  });
  return {
    dns: dns.address,
    port,
    mtaStsPort,
    ca: ca.cert,
    servers,
    async close() {
      await Promise.all([
        dns.close(),
        closeSts(),
        closeBadSts(),
        ...[...servers, ...flawed].map((s) => s.close()),
      ]);
    },
  };
}
