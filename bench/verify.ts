// bench/verify: 10,000 addresses, all MX hosts on loopback, found through a DNS server on
// loopback. Two parts, ROUNDS rounds each (PART=sink or PART=postfix runs one):
//
// - sink: 100 domains of 100 addresses; every MX is Postfix's smtp-sink (250 to everything).
//   Addresses per second with session reuse (one session per domain, RCPT in batches) against
//   one connection per address (connect, EHLO, MAIL, RCPT, QUIT: how simple verifiers work),
//   both 20 sessions at once. Targets: ≥ 2,000 addresses/s, and ≥ 5× one connection each.
// - postfix: a real Postfix started here (its own config and queue folders under a temporary
//   folder, only smtpd listening, on 127.0.0.44), two virtual domains of 5,000 addresses each
//   (user<N> exists, anyone else gets 550 5.1.1). MXray with per-domain windows (2 growing to
//   10 sessions per domain), MXray with a window of 1 (the whole domain in one session, as
//   before windows), and one connection per address with 20 at once. DATA is never sent.
//
// Run with `npm run bench:verify` (as root; needs Postfix: apt-get install postfix).
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createDnsClient } from '../electron/dns/resolver';
import { dnsResolver } from '../electron/dns/routing';
import { startDnsServer } from '../electron/dns/test-support/dns-server';
import type { WindowLimits } from '../electron/queue/destination-window';
import { freePortOn } from '../electron/smtp/test-support/free-port';
import {
  POSTFIX,
  type PostfixInstance,
  postfixInstalled,
  startPostfix,
} from '../electron/smtp/test-support/postfix';
import { verifyAddresses } from '../electron/verify/verifier';

const run = promisify(execFile);
const DOMAINS = Number(process.env.DOMAINS ?? 100);
const PER_DOMAIN = Number(process.env.PER_DOMAIN ?? 100);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PART = process.env.PART ?? 'all';
/** Addresses at the Postfix, split between its two domains. */
const POSTFIX_ADDRESSES = Number(process.env.POSTFIX_ADDRESSES ?? 10_000);
/** Sessions at once for every client: the same concurrency for each way of asking. */
const SESSIONS = 20;
const SINK_HOST = '127.0.0.43';
const POSTFIX_HOST = '127.0.0.44';
const POSTFIX_DOMAINS = ['alpha.bench.test', 'beta.bench.test'];

type Zone = Parameters<typeof startDnsServer>[0];
const mx = (zone: Zone, domain: string, host: string) => {
  zone[domain] = [{ type: 'MX', preference: 10, exchange: `mx.${domain}` }];
  zone[`mx.${domain}`] = [{ type: 'A', address: host }];
};

/** Busy and total jiffies of the whole machine (/proc/stat), to tell how busy its cores were. */
function cpuTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    // idle and iowait
    return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
  } catch {
    return null;
  }
}

interface Measured {
  /** Share of the machine's CPU time busy during the run (all processes), when known. */
  cpu: number | null;
  seconds: number;
  rate: number;
  sessions: number;
  answered: number;
  verdicts: Record<string, number>;
}

async function measure(
  addresses: string[],
  dns: string,
  port: number,
  options: { sessionPerAddress?: boolean; concurrency: number; perDomain: WindowLimits },
): Promise<Measured> {
  const started = process.hrtime.bigint();
  const before = cpuTicks();
  const { results, sessions } = await verifyAddresses(addresses, {
    resolve: dnsResolver(createDnsClient({ servers: [dns] })),
    probeFrom: 'bench@mxray.test',
    helo: 'bench.mxray.test',
    tls: 'off',
    port,
    ...options,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = cpuTicks();
  const cpu =
    before && after && after.total > before.total
      ? (after.busy - before.busy) / (after.total - before.total)
      : null;
  const answered = results.filter((r) => r.verdict !== 'unknown').length;
  const verdicts: Record<string, number> = {};
  for (const r of results) verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
  return { cpu, seconds, rate: answered / seconds, sessions: sessions.length, answered, verdicts };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (m: Measured) =>
  `${m.rate.toFixed(0)} addresses/s (${m.sessions} sessions, ${m.seconds.toFixed(2)} s, ${m.answered} answered${m.cpu === null ? '' : `, CPU ${(m.cpu * 100).toFixed(0)} % busy`})`;

async function sinkPart() {
  if (!existsSync('/usr/sbin/smtp-sink'))
    throw new Error('needs /usr/sbin/smtp-sink (apt-get install postfix)');
  const port = await freePortOn([SINK_HOST]);
  // -u drops to nobody when run as root; 1024 the backlog.
  const sink = spawn('/usr/sbin/smtp-sink', ['-u', 'nobody', `${SINK_HOST}:${port}`, '1024'], {
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 300));
  const zone: Zone = {};
  for (let d = 0; d < DOMAINS; d++) mx(zone, `d${d}.bench.test`, SINK_HOST);
  const dns = await startDnsServer(zone);
  const addresses = Array.from(
    { length: DOMAINS * PER_DOMAIN },
    (_, i) => `user${i}@d${i % DOMAINS}.bench.test`,
  );
  // One session per domain (each domain is one batch), 20 domains at once; the one-per-address
  // run gets one session per domain too, so both run 20 sessions at once.
  const one = { initial: 1, max: 1 };
  try {
    console.log(`== smtp-sink: ${addresses.length} addresses over ${DOMAINS} domains`);
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const reuse = await measure(addresses, dns.address, port, {
        concurrency: SESSIONS,
        perDomain: one,
      });
      const single = await measure(addresses, dns.address, port, {
        concurrency: SESSIONS,
        perDomain: one,
        sessionPerAddress: true,
      });
      ratios.push(reuse.rate / single.rate);
      console.log(
        `round ${round}: reuse ${fmt(reuse)}; one connection each ${fmt(single)}; ratio ${(reuse.rate / single.rate).toFixed(1)}×`,
      );
    }
    console.log(
      `median ratio ${median(ratios).toFixed(1)}× (targets: ≥ 2,000 addresses/s with reuse, ≥ 5×)`,
    );
  } finally {
    sink.kill();
    await dns.close();
  }
}

/**
 * Postfix's limits raised for the run: no error sleeps or 421 after 20 errors, no anvil limits,
 * no in-flow delay for the queue files RSET throws away, 100 smtpd processes.
 */
const POSTFIX_LIMITS = {
  smtpd_peername_lookup: 'no',
  smtpd_recipient_limit: 10_000,
  smtpd_hard_error_limit: 1_000_000,
  smtpd_soft_error_limit: 1_000_000,
  smtpd_error_sleep_time: 0,
  smtpd_junk_command_limit: 1_000_000,
  default_process_limit: 100,
  smtpd_client_connection_count_limit: 0,
  smtpd_client_connection_rate_limit: 0,
  smtpd_client_message_rate_limit: 0,
  smtpd_client_recipient_rate_limit: 0,
  smtpd_client_new_tls_session_rate_limit: 0,
  smtpd_client_auth_rate_limit: 0,
  in_flow_delay: 0,
};

async function postfixPart() {
  if (!postfixInstalled()) throw new Error(`needs ${POSTFIX} (apt-get install postfix) and root`);
  const port = await freePortOn([POSTFIX_HOST]);
  let postfix: PostfixInstance | null = null;
  const zone: Zone = {};
  for (const d of POSTFIX_DOMAINS) mx(zone, d, POSTFIX_HOST);
  const dns = await startDnsServer(zone);
  // Stopped on Ctrl-C too: a Postfix left running holds its port and its folder.
  const interrupted = () => {
    void (async () => {
      await postfix?.stop().catch(() => {});
      process.exit(130);
    })();
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    // user<N> exists at both domains, anyone else is 550 5.1.1; accepted mail is discarded.
    const domains = POSTFIX_DOMAINS.map((d) => d.replaceAll('.', '\\.')).join('|');
    postfix = await startPostfix({
      host: POSTFIX_HOST,
      port,
      hostname: 'mx.bench.test',
      domains: POSTFIX_DOMAINS,
      mailboxMap: `/^user[0-9]+@(${domains})$/ mailbox/\n`,
      tls: false,
      transport: 'discard',
      extraMainCf: POSTFIX_LIMITS,
    });
    const { stdout: version } = await run('postconf', ['-c', postfix.conf, '-h', 'mail_version']);
    const addresses = Array.from(
      { length: POSTFIX_ADDRESSES },
      (_, i) => `user${i}@${POSTFIX_DOMAINS[i % POSTFIX_DOMAINS.length]}`,
    );
    console.log(
      `== Postfix ${version.trim()} on ${POSTFIX_HOST}:${port}: ${addresses.length} addresses over ${POSTFIX_DOMAINS.length} domains, ${SESSIONS} sessions at most`,
    );
    const dns$ = dns.address;
    const rows: { windows: Measured; one: Measured; single: Measured }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const windows = await measure(addresses, dns$, port, {
        concurrency: SESSIONS,
        perDomain: { initial: 2, max: SESSIONS / POSTFIX_DOMAINS.length },
      });
      const one = await measure(addresses, dns$, port, {
        concurrency: SESSIONS,
        perDomain: { initial: 1, max: 1 },
      });
      const perDomain = SESSIONS / POSTFIX_DOMAINS.length;
      const single = await measure(addresses, dns$, port, {
        concurrency: SESSIONS,
        perDomain: { initial: perDomain, max: perDomain },
        sessionPerAddress: true,
      });
      for (const m of [windows, one, single])
        if (m.verdicts.deliverable !== addresses.length)
          console.log(`  not all deliverable: ${JSON.stringify(m.verdicts)}`);
      rows.push({ windows, one, single });
      console.log(
        `round ${round}: windows ${fmt(windows)}; window of 1 ${fmt(one)}; one connection each ${fmt(single)}; windows ÷ one each ${(windows.rate / single.rate).toFixed(1)}×, windows ÷ window of 1 ${(windows.rate / one.rate).toFixed(1)}×`,
      );
    }
    const m = (pick: (r: (typeof rows)[number]) => number) => median(rows.map(pick));
    console.log(
      `medians: windows ${m((r) => r.windows.rate).toFixed(0)} addresses/s, window of 1 ${m((r) => r.one.rate).toFixed(0)}, one connection each ${m((r) => r.single.rate).toFixed(0)}; ` +
        `windows ÷ one each ${m((r) => r.windows.rate / r.single.rate).toFixed(1)}×, windows ÷ window of 1 ${m((r) => r.windows.rate / r.one.rate).toFixed(1)}×`,
    );
  } catch (error) {
    const log = (await postfix?.maillog()) ?? '';
    if (log) console.error(`Postfix's log, last lines:\n${log.split('\n').slice(-20).join('\n')}`);
    throw error;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await postfix?.stop().catch((e: Error) => console.error(`postfix stop: ${e.message}`));
    await dns.close();
  }
}

async function main() {
  if (PART === 'all' || PART === 'sink') await sinkPart();
  if (PART === 'all' || PART === 'postfix') await postfixPart();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
