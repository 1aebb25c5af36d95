// bench/stagger: time to diagnosis past a dead MX. All hosts on loopback, found through a DNS
// server on loopback (electron/delivery/test-support/race-lab.ts).
//
// - black hole: MX 10 takes the connection and never greets, MX 20 accepts. RUNS deliveries
//   with the default settings (staggered connect, 2 s), then RUNS with --stagger 0 and the
//   default RFC 5321 greeting timeout (300 s): how long each took to be delivered. The
//   sequential runs go at once, side by side (each waits out its own 300 s), so the part takes
//   about five minutes, not twenty-five; BEFORE=0 skips it.
// - healthy: DELIVERIES deliveries, one at a time, to a domain whose two MX greet at once: the
//   connections opened beyond the one that delivered, per delivery (p50, p95, max). Should be 0.
//
// Run with `npm run bench:stagger`.

import { startSend } from '../electron/delivery/start-send';
import { labRequest, type RaceLab, startRaceLab } from '../electron/delivery/test-support/race-lab';
import type { SendRequestInput } from '../shared/send';

const RUNS = Number(process.env.RUNS ?? 5);
const DELIVERIES = Number(process.env.DELIVERIES ?? 200);
const BEFORE = process.env.BEFORE !== '0';

async function deliver(
  lab: RaceLab,
  domain: string,
  session: Partial<SendRequestInput['session']> = {},
) {
  const request = labRequest(lab, domain, session);
  const since = performance.now();
  const report = await (await startSend(request)).done;
  const ms = performance.now() - since;
  if (report.recipients.some((r) => r.status !== 'delivered'))
    throw new Error(`${domain}: not delivered (${report.recipients[0]?.reason ?? '?'})`);
  return { ms, report };
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const lab = await startRaceLab();
  try {
    console.log(`black hole, staggered connect (default 2 s), ${RUNS} runs:`);
    const after: number[] = [];
    for (let i = 0; i < RUNS; i++) after.push((await deliver(lab, 'silent.race.test')).ms);
    console.log(
      `  ${after.map(s).join(', ')}  (p50 ${s(pct(after, 50))}, max ${s(Math.max(...after))})`,
    );

    if (BEFORE) {
      console.log(
        `black hole, --stagger 0 and the RFC 5321 greeting timeout, ${RUNS} runs at once:`,
      );
      const before = await Promise.all(
        Array.from({ length: RUNS }, () =>
          deliver(lab, 'silent.race.test', { staggerSeconds: 0 }).then((r) => r.ms),
        ),
      );
      console.log(`  ${before.map(s).join(', ')}  (p50 ${s(pct(before, 50))})`);
    }

    console.log(`healthy MX set, ${DELIVERIES} deliveries one at a time:`);
    const extra: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < DELIVERIES; i++) {
      const from = lab.wire.length;
      const { ms } = await deliver(lab, 'healthy.race.test');
      times.push(ms);
      extra.push(lab.wire.slice(from).filter((e) => e.kind === 'connect').length - 1);
    }
    console.log(
      `  extra connections per delivery: p50 ${pct(extra, 50)}, p95 ${pct(extra, 95)}, max ${Math.max(...extra)}; time to delivered p50 ${Math.round(pct(times, 50))} ms`,
    );
  } finally {
    await lab.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
