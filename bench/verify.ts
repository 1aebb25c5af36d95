// bench/verify: 10,000 addresses over 100 domains, all MX hosts on loopback (Postfix's
// smtp-sink, which answers 250 to everything), found through a DNS server on loopback.
// Addresses per second with session reuse (one session per domain, RCPT in batches) against
// one connection per address (connect, EHLO, MAIL, RCPT, QUIT: how simple verifiers work).
// Targets: ≥ 2,000 addresses/s, and ≥ 5× the one-connection-per-address rate.
// Run with `npm run bench:verify` (needs Postfix's smtp-sink: apt-get install postfix).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createDnsClient } from '../electron/dns/resolver';
import { dnsResolver } from '../electron/dns/routing';
import { startDnsServer } from '../electron/dns/test-support/dns-server';
import { freePortOn } from '../electron/smtp/test-support/free-port';
import { verifyAddresses } from '../electron/verify/verifier';

const DOMAINS = Number(process.env.DOMAINS ?? 100);
const PER_DOMAIN = Number(process.env.PER_DOMAIN ?? 100);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const HOST = '127.0.0.43';

async function main() {
  if (!existsSync('/usr/sbin/smtp-sink'))
    throw new Error('needs /usr/sbin/smtp-sink (apt-get install postfix)');
  const port = await freePortOn([HOST]);
  // -c counts, 1024 the backlog; -u drops to nobody when run as root.
  const sink = spawn('/usr/sbin/smtp-sink', ['-u', 'nobody', `${HOST}:${port}`, '1024'], {
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 300));
  const zone: Parameters<typeof startDnsServer>[0] = {};
  for (let d = 0; d < DOMAINS; d++) {
    zone[`d${d}.bench.test`] = [{ type: 'MX', preference: 10, exchange: `mx.d${d}.bench.test` }];
    zone[`mx.d${d}.bench.test`] = [{ type: 'A', address: HOST }];
  }
  const dns = await startDnsServer(zone);
  const addresses = Array.from(
    { length: DOMAINS * PER_DOMAIN },
    (_, i) => `user${i}@d${i % DOMAINS}.bench.test`,
  );
  const run = async (sessionPerAddress: boolean) => {
    const started = process.hrtime.bigint();
    const { results, sessions } = await verifyAddresses(addresses, {
      resolve: dnsResolver(createDnsClient({ servers: [dns.address] })),
      probeFrom: 'bench@mxray.test',
      helo: 'bench.mxray.test',
      tls: 'off',
      port,
      // One session per domain at a time; as many domains at once as the one-per-address
      // run gets sessions, so both compare at the same concurrency.
      concurrency: 20,
      sessionPerAddress,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const answered = results.filter((r) => r.verdict !== 'unknown').length;
    return { seconds, rate: answered / seconds, sessions: sessions.length, answered };
  };
  try {
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const reuse = await run(false);
      const single = await run(true);
      ratios.push(reuse.rate / single.rate);
      console.log(
        `round ${round}: reuse ${reuse.rate.toFixed(0)} addresses/s (${reuse.sessions} sessions, ${reuse.seconds.toFixed(2)} s, ${reuse.answered} answered); ` +
          `one connection each ${single.rate.toFixed(0)} addresses/s (${single.sessions} sessions, ${single.seconds.toFixed(2)} s); ratio ${(reuse.rate / single.rate).toFixed(1)}×`,
      );
    }
    ratios.sort((a, b) => a - b);
    console.log(
      `median ratio ${ratios[Math.floor(ratios.length / 2)]?.toFixed(1)}× (targets: ≥ 2,000 addresses/s with reuse, ≥ 5×)`,
    );
  } finally {
    sink.kill();
    await dns.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
