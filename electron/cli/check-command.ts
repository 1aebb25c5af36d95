import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isSandboxDomain } from '../../shared/sandbox';
import { defaultDataDir } from '../app/data-dir';
import { defaultHeloName } from '../delivery/prepare-send';
import { createDnsClient } from '../dns/resolver';
import { routeResolver } from '../dns/routing';
import { REPORT_ROUTE, runReport } from '../report/domain-report';
import { parseReportDomain } from '../report/report-request';
import { sandboxRouting } from '../sandbox/mode-policy';
import { openSandbox } from '../sandbox/open-sandbox';
import { reportText } from './check-printer';
import { dnsServersFlag, parseCommandArgs, parsePort, positiveNumber } from './parse';
import { runSendingIpCheck } from './sending-ip-check';
import { EXIT, UsageError } from './usage-error';

export const checkHelp = `Usage: mxray check DOMAIN [--sender-domain D] [options]
       mxray check --sending-ip IP [--sender-domain D] [--dns HOST[:PORT]] [--json]

Why mail to DOMAIN works or not, before you send: its MX records; every MX address probed in
parallel (connect, banner, EHLO, STARTTLS, certificate, reverse DNS — then QUIT, no mail sent);
MTA-STS (the _mta-sts record and the HTTPS policy), TLS-RPT and DANE (TLSA); for a sender
domain, SPF, DMARC and the domain blocklists (Spamhaus DBL); and, when a server states the
address it sees you as, your sending IP: its PTR, forward confirmation, whether the HELO name
matches, and the IP blocklists. Each check says ok, warn, fail or n/a, why, and the evidence.

With --sending-ip and no DOMAIN: is the address you send from on a DNS blocklist (Spamhaus ZEN,
Barracuda, SpamCop, UCEPROTECT L1, PSBL, Mailspike), and the sender domain on a domain list
(Spamhaus DBL)? Each list says listed (its return code in words and its delist page), not
listed, refused (the list will not answer your resolver: not a listing) or unknown (no answer:
not a clean result).

Options:
  --sender-domain D     also check SPF, DMARC and DBL of the domain you send from
  --sending-ip IP       check IP (and the sender domain) against DNS blocklists instead
  --dns HOST[:PORT]     DNS server to ask instead of the system's; repeatable
  --helo NAME           name announced in EHLO (default: this machine's host name)
  --port N              port of the MX hosts (default 25)
  --timeout SECONDS     longest wait for any one server reply (default 30; with
                        --sending-ip, for each blocklist's answer, default 5)
  --connect-timeout SECONDS   (default 10)
  --ca FILE             also trust this PEM certificate authority (a private CA); repeatable
  --mta-sts-port N      port of the MTA-STS policy server (default 443; for test setups)
  --sandbox             check a *.sandbox.test domain against MXray's embedded servers
  --json                one JSON document: the whole report
  -h, --help            show this help

Exit codes: 0 when no check fails (warnings allowed), 2 when one fails, 1 for bad input.
With --sending-ip: 0 when no list lists it, 2 when one does, 3 when some list could not say
(unknown or refused) and none lists it.`;

const out = (text: string) => process.stdout.write(text);

export async function runCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', args, {
    'sender-domain': { type: 'string' },
    'sending-ip': { type: 'string' },
    dns: { type: 'string', multiple: true },
    helo: { type: 'string' },
    port: { type: 'string' },
    timeout: { type: 'string' },
    'connect-timeout': { type: 'string' },
    ca: { type: 'string', multiple: true },
    'mta-sts-port': { type: 'string' },
    sandbox: { type: 'boolean' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    console.log(checkHelp);
    return EXIT.ok;
  }
  const sendingIp = values['sending-ip'];
  if (sendingIp !== undefined && positionals.length > 0)
    throw new UsageError('check: give a DOMAIN or --sending-ip, not both (see mxray check --help)');
  if (positionals.length !== 1 && sendingIp === undefined)
    throw new UsageError('check: give exactly one DOMAIN (see mxray check --help)');
  let senderDomain: string | null = null;
  if (values['sender-domain'] !== undefined) {
    const sender = parseReportDomain(values['sender-domain'], 'sender domain');
    if ('error' in sender) throw new UsageError(`check: --sender-domain: ${sender.error}`);
    senderDomain = sender.domain;
  }
  if (sendingIp !== undefined) {
    const seconds = positiveNumber('check', 'timeout', values.timeout);
    return runSendingIpCheck({
      ip: sendingIp,
      senderDomain,
      servers: dnsServersFlag('check', values.dns),
      timeoutMs: seconds === undefined ? undefined : seconds * 1000,
      json: values.json === true,
    });
  }
  const parsed = parseReportDomain(positionals[0] ?? '', 'domain');
  if ('error' in parsed) throw new UsageError(`check: ${parsed.error}`);
  const domain = parsed.domain;
  const sandboxMode = values.sandbox === true;
  if (isSandboxDomain(domain) !== sandboxMode)
    throw new UsageError(
      sandboxMode
        ? `check: --sandbox checks only *.sandbox.test domains; ${domain} is not one`
        : `check: ${domain} is a sandbox domain: add --sandbox`,
    );
  const servers = dnsServersFlag('check', values.dns);
  const ca = await Promise.all(
    ((values.ca as string[] | undefined) ?? []).map((file) =>
      readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(
          `check: --ca ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
        );
      }),
    ),
  );
  if (ca.some((pem) => !pem.includes('-----BEGIN CERTIFICATE-----')))
    throw new UsageError('check: --ca takes a PEM file with a CERTIFICATE block');
  const reply = (positiveNumber('check', 'timeout', values.timeout) ?? 30) * 1000;
  const connect =
    (positiveNumber('check', 'connect-timeout', values['connect-timeout']) ?? 10) * 1000;
  const sandbox = sandboxMode
    ? await openSandbox(path.resolve(values['data-dir'] ?? defaultDataDir()))
    : null;
  try {
    const routing = {
      servers,
      ...sandboxRouting(sandbox, () => (sandbox ? 'sandbox' : 'internet'), 'needs --sandbox'),
    };
    const report = await runReport(
      { id: 'cli', domain, senderDomain },
      {
        resolve: routeResolver(routing, [], REPORT_ROUTE),
        dns: createDnsClient({ servers }),
        isLocal: (d) => routing.local?.(d) != null,
        helo: values.helo ?? defaultHeloName(),
        port: parsePort('check', values.port, 25),
        ca,
        mtaStsPort:
          values['mta-sts-port'] === undefined
            ? undefined
            : parsePort('check', values['mta-sts-port'], 443),
        timeouts: { connect, banner: reply, command: reply, tlsHandshake: reply },
      },
      () => {},
    );
    out(values.json ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
    return report.counts.fail > 0 ? EXIT.checkFailed : EXIT.ok;
  } finally {
    await sandbox?.close();
  }
}
