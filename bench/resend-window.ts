// bench/resend-window: the only window in which a kill -9 can make MXray send a recipient a
// second copy is from the server's 250 to the final dot until that verdict is fsynced. This
// measures it: MESSAGES sends (two recipients each, one session each, CONCURRENCY at once)
// through the outbox with its store on disk, to smtp-server on loopback; for each, the time
// from the session's `settled` event (the 250 parsed) to the store's write resolving.
// Run with `npm run bench:resend` (DIR=… to put the store on another disk).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startJob } from '../electron/delivery/start-send';
import { systemClock } from '../electron/queue/clock';
import type { Delivery } from '../electron/queue/delivery-state';
import { Outbox } from '../electron/queue/outbox';
import { OutboxStore } from '../electron/queue/outbox-store';
import { DEFAULT_RETRY_POLICY } from '../electron/queue/retry-policy';
import { startSmtpServer } from '../electron/smtp/test-support/smtp-server';
import { SendRequest } from '../shared/send';

const MESSAGES = Number(process.env.MESSAGES ?? 500);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 1);

async function main() {
  const dir = await mkdtemp(path.join(process.env.DIR ?? os.tmpdir(), 'mxray-resend-'));
  const server = await startSmtpServer({});
  const store = await OutboxStore.open(dir);
  // Each write of a delivery with a verdict waiting (since its `settled` event) is timed.
  const since = new Map<string, bigint>();
  const windows: number[] = [];
  const save = store.saveDelivery.bind(store);
  store.saveDelivery = async (delivery: Delivery) => {
    const start = since.get(delivery.id);
    since.delete(delivery.id);
    await save(delivery);
    if (start !== undefined) windows.push(Number(process.hrtime.bigint() - start) / 1e6);
  };
  const outbox = new Outbox({
    start: startJob,
    clock: systemClock,
    store,
    policy: DEFAULT_RETRY_POLICY,
    limits: { global: CONCURRENCY, perDomain: { initial: CONCURRENCY, max: CONCURRENCY } },
    onEvent: (delivery, event) => {
      if (event.type === 'settled') since.set(delivery.id, process.hrtime.bigint());
    },
  });
  for (let i = 0; i < MESSAGES; i++) {
    const to = [`a${i}@bench.test`, `b${i}@bench.test`];
    await outbox.enqueue(
      SendRequest.parse({
        envelope: { mailFrom: 'bench@mxray.test', rcptTo: to },
        message: { from: 'bench@mxray.test', to, subject: `resend ${i}`, text: 'hello' },
        route: { kind: 'server', server: { host: server.host, port: server.port } },
        session: { helo: 'bench.mxray.test', tls: 'off' },
      }),
    );
  }
  await outbox.settled();
  await outbox.close();
  await store.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
  const sorted = [...windows].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  console.log(
    `resend window (250 parsed → verdict fsynced), ${sorted.length} sessions, ${CONCURRENCY} at once, ${dir}:`,
  );
  console.log(
    `  p50 ${at(0.5).toFixed(2)} ms   p99 ${at(0.99).toFixed(2)} ms   max ${at(1).toFixed(2)} ms`,
  );
}

void main();
