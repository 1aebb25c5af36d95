// bench/outbox-load: 10,000 messages queued and deferred. Prints the time to enqueue them,
// the resident memory they add, the store's size on disk, and the time to reload after a
// restart. Run with `npm run bench:outbox` (needs Postfix's smtp-sink: apt-get install postfix).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startJob } from '../electron/delivery/start-send';
import { systemClock } from '../electron/queue/clock';
import { Outbox } from '../electron/queue/outbox';
import { OutboxStore } from '../electron/queue/outbox-store';
import { DEFAULT_RETRY_POLICY } from '../electron/queue/retry-policy';
import { SendRequest } from '../shared/send';

const COUNT = Number(process.env.MESSAGES ?? 10_000);
const HOST = '127.0.0.42';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, HOST, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

async function main() {
  if (!existsSync('/usr/sbin/smtp-sink'))
    throw new Error('needs /usr/sbin/smtp-sink (apt-get install postfix)');
  const port = await freePort();
  // smtp-sink answering every RCPT with a 4xx: each message is deferred, as by greylisting.
  const sink = spawn(
    '/usr/sbin/smtp-sink',
    ['-u', 'nobody', '-r', 'rcpt', `${HOST}:${port}`, '1024'],
    { stdio: 'ignore' },
  );
  await new Promise((r) => setTimeout(r, 300));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-bench-outbox-'));
  const policy = { ...DEFAULT_RETRY_POLICY, firstRetryMs: 3600_000 };
  try {
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    const store = await OutboxStore.open(dir);
    const outbox = new Outbox({
      start: startJob,
      clock: systemClock,
      store,
      policy,
      limits: { global: 20, perDomain: { initial: 20, max: 20 } },
    });
    outbox.pause();
    const request = (i: number) =>
      SendRequest.parse({
        envelope: { mailFrom: 'bench@mxray.test', rcptTo: [`user${i}@example.test`] },
        message: {
          from: 'bench@mxray.test',
          to: [`user${i}@example.test`],
          subject: `queued ${i}`,
          text: 'hello from the outbox bench',
        },
        route: { kind: 'server', server: { host: HOST, port } },
        session: { helo: 'bench.mxray.test', tls: 'off' },
      });
    const started = process.hrtime.bigint();
    for (let i = 0; i < COUNT; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, COUNT - i) }, (_, k) => outbox.enqueue(request(i + k))),
      );
    }
    const enqueueSeconds = seconds(started);
    const sendStarted = process.hrtime.bigint();
    outbox.resume();
    await new Promise<void>((resolve) => {
      const check = () =>
        outbox.list().every((d) => d.status === 'deferred') ? resolve() : setTimeout(check, 50);
      check();
    });
    const deferSeconds = seconds(sendStarted);
    global.gc?.();
    const rssAfter = process.memoryUsage().rss;
    const heapAfter = process.memoryUsage().heapUsed;
    await outbox.close(); // waits for the last journal writes, cancels its retry timer
    await store.close();
    const sized = await OutboxStore.open(dir);
    const size = await sized.sizeOnDisk();
    await sized.close();

    const reloadStarted = process.hrtime.bigint();
    const again = await OutboxStore.open(dir);
    const reloaded = new Outbox({ start: startJob, clock: systemClock, store: again, policy });
    reloaded.pause();
    const restored = await reloaded.restore();
    const reloadSeconds = seconds(reloadStarted);
    if (restored.length !== COUNT) throw new Error(`restored ${restored.length} of ${COUNT}`);
    await reloaded.close();
    await again.close();

    console.log(
      `${COUNT} messages queued, then deferred by a 4xx to every RCPT (smtp-sink -r rcpt)`,
    );
    console.log(
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}`,
    );
    console.log(`  enqueue (checked, on disk)   ${enqueueSeconds.toFixed(2)} s   (target < 2 s)`);
    console.log(`  first attempts, all deferred ${deferSeconds.toFixed(2)} s`);
    console.log(`  resident memory growth       ${mb(rssAfter - rssBefore)}   (target < 150 MB)`);
    console.log(`  of which JS heap             ${mb(heapAfter - heapBefore)}`);
    console.log(`  store on disk                ${mb(size)}`);
    console.log(`  reload after restart         ${reloadSeconds.toFixed(2)} s   (target < 1 s)`);
  } finally {
    sink.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
