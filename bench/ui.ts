/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// bench/ui: the desktop UI in Debian's Chromium against `mxray web`.
// 1. Scroll a 100,000-line transcript and report frame times (target p95 ≤ 16.7 ms).
// 2. Run 200 sandbox deliveries at once and report how long a server reply takes to reach the
//    screen (the line's receive time in main → its row in the DOM; target p95 ≤ 100 ms), with
//    the main process's event-loop delay meanwhile.
// Run with `npm run bench:ui` (needs /usr/bin/chromium or MXRAY_CHROMIUM).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type Browser, chromium, type Page } from '@playwright/test';
import { chromiumArgs } from '../e2e/support/chromium';
import { startSend } from '../electron/delivery/start-send';
import type { Delivery } from '../electron/queue/delivery-state';
import { summaryOf } from '../electron/queue/delivery-state';
import { OutboxStore } from '../electron/queue/outbox-store';
import { sandboxRouting } from '../electron/sandbox/mode-policy';
import { openSandbox } from '../electron/sandbox/open-sandbox';
import { bridgeSocket } from '../electron/web/test-support/bridge-socket';
import { createRpcClient, type RpcClient } from '../shared/rpc-client';
import { SendRequest } from '../shared/send';
import type { TranscriptLine } from '../shared/smtp';
import { tokenOfUrl } from '../shared/web-access';
import { createWsClientTransport } from '../shared/ws-client-transport';

const LINES = Number(process.env.LINES ?? 100_000);
const DELIVERIES = Number(process.env.DELIVERIES ?? 200);
const ROUNDS = Number(process.env.ROUNDS ?? 5);

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const summary = (values: number[]) =>
  `n=${values.length} p50 ${pct(values, 50).toFixed(1)} ms, p95 ${pct(values, 95).toFixed(1)} ms, p99 ${pct(values, 99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;

const request = (to: string) =>
  SendRequest.parse({
    envelope: { mailFrom: 'bench@mxray.test', rcptTo: [to] },
    message: { from: 'bench@mxray.test', to: [to], subject: 'UI bench', text: 'Hello' },
    route: { kind: 'mx' },
    session: { helo: 'bench.mxray.test' },
  });

/** One delivery whose transcript is a real sandbox session's, repeated to LINES lines. */
async function seedLongTranscript(dataDir: string): Promise<string> {
  const sandbox = await openSandbox(dataDir);
  const running = await startSend(
    request('you@failover.sandbox.test'),
    undefined,
    sandboxRouting(sandbox, () => 'sandbox'),
  );
  const report = await running.done;
  await sandbox.close();
  const perRound = Math.max(...report.transcript.map((l) => l.attempt));
  const lines: TranscriptLine[] = [];
  for (let round = 0; lines.length < LINES; round++)
    for (const l of report.transcript)
      if (lines.length < LINES) lines.push({ ...l, attempt: l.attempt + round * perRound });
  const store = await OutboxStore.open(path.join(dataDir, 'outbox'));
  const req = request('you@failover.sandbox.test');
  const identity = { messageId: report.messageId, date: new Date() };
  await store.saveMessage(req, identity);
  await store.saveComposed(identity.messageId, running.message);
  const now = Date.now();
  const delivery: Delivery = {
    id: randomUUID(),
    messageId: report.messageId,
    domain: 'failover.sandbox.test',
    status: 'done',
    createdAt: now,
    firstAttemptAt: now,
    nextAttemptAt: null,
    recipients: report.recipients.map((r) => ({
      address: r.address,
      status: r.status,
      result: r,
      tries: 1,
      nextAttemptAt: null,
    })),
    attempts: report.attempts,
    transcript: [],
    warnings: [],
    summary: summaryOf(req),
    route: null,
  };
  await store.saveDelivery(delivery);
  for (let i = 0; i < lines.length; i += 10_000)
    await store.appendTranscript(delivery.id, lines.slice(i, i + 10_000));
  await store.close();
  return delivery.id;
}

async function startWeb(
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; lag: () => Promise<string> }> {
  const child = spawn(
    process.execPath,
    [
      // PROFILE=DIR writes a CPU profile of main there (open it in Chrome's DevTools).
      ...(process.env.PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE}`] : []),
      '--require',
      path.resolve('bench/loop-lag.cjs'),
      path.resolve('dist/cli.cjs'),
      'web',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lagLines = createInterface({ input: child.stderr as NodeJS.ReadableStream });
  const pending: ((line: string) => void)[] = [];
  lagLines.on('line', (line) => {
    if (line.startsWith('loop-lag ')) pending.shift()?.(line.slice(9));
  });
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    const match = /^MXray web UI: (\S+)$/.exec(line);
    if (match?.[1])
      return {
        child,
        url: match[1],
        lag: () =>
          new Promise((resolve) => {
            pending.push(resolve);
            child.kill('SIGUSR2');
          }),
      };
  }
  throw new Error('mxray web did not start');
}

async function scrollFrames(page: Page): Promise<number[]> {
  // Half steady scrolling (the wheel), half jumps across the list (dragging the scrollbar).
  return page.evaluate(async () => {
    const el = document.querySelector('.transcript-scroll') as HTMLElement;
    const times: number[] = [];
    let last = performance.now();
    const end = last + 6000;
    return new Promise<number[]>((resolve) => {
      const step = (now: number) => {
        times.push(now - last);
        last = now;
        if (now < end - 3000) el.scrollTop += 240;
        else el.scrollTop = Math.random() * el.scrollHeight;
        if (now < end) requestAnimationFrame(step);
        else resolve(times.slice(2));
      };
      requestAnimationFrame(step);
    });
  });
}

async function liveRound(page: Page, client: RpcClient, base: string): Promise<number[]> {
  await client.api['outbox.pause']({ paused: true });
  const domains = ['ok', 'catchall', 'failover', 'reject'];
  const results = await Promise.all(
    Array.from({ length: DELIVERIES }, (_, i) =>
      client.api['outbox.enqueue'](request(`u${i}@${domains[i % 4]}.sandbox.test`)),
    ),
  );
  // A failover delivery: three attempts, the most lines of the four scenarios.
  const watched = results[DELIVERIES - 2]?.deliveries[0]?.id ?? '';
  await page.goto(`${base}#/send/${watched}`);
  // A hash change keeps the document: load it afresh, so the list holds the new deliveries
  // whichever way the build announces them.
  await page.reload();
  await page.waitForSelector('.transcript');
  await page.evaluate(() => {
    const w = window as unknown as { delays: number[] };
    w.delays = [];
    // A line counts once, when it first appears: rows scrolled back into view are not new.
    const seen = new Set<string>();
    new MutationObserver((records) => {
      const now = Date.now();
      for (const r of records)
        for (const node of r.addedNodes)
          if (node instanceof HTMLElement) {
            const line = node.querySelector('[data-t]') ?? (node.matches('[data-t]') ? node : null);
            const key = line && `${line.getAttribute('data-t')}|${line.textContent}`;
            if (!line || !key || seen.has(key)) continue;
            seen.add(key);
            w.delays.push(now - Date.parse(line.getAttribute('data-t') ?? ''));
          }
    }).observe(document.querySelector('.transcript-scroll') as Node, {
      childList: true,
      subtree: true,
    });
  });
  await client.api['outbox.pause']({ paused: false });
  const started = Date.now();
  // outbox.stats is a few numbers; polling outbox.list (every delivery in full) would load
  // main with the benchmark's own work.
  while (Date.now() - started < 60_000) {
    const { recipients } = await client.api['outbox.stats']({});
    if (recipients.inFlight === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`  ${DELIVERIES} deliveries finished in ${seconds.toFixed(1)} s`);
  return page.evaluate(() => (window as unknown as { delays: number[] }).delays);
}

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mxray-bench-ui-'));
  let browser: Browser | null = null;
  let web: Awaited<ReturnType<typeof startWeb>> | null = null;
  try {
    const seeded = Date.now();
    const id = await seedLongTranscript(dataDir);
    console.log(
      `seeded one delivery with ${LINES.toLocaleString('en')} transcript lines in ${((Date.now() - seeded) / 1000).toFixed(1)} s`,
    );
    web = await startWeb(dataDir);
    browser = await chromium.launch({
      executablePath: process.env.MXRAY_CHROMIUM ?? '/usr/bin/chromium',
      args: chromiumArgs,
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // The printed URL hands the tab its token; the route is the fragment after that.
    await page.goto(web.url);
    await page.waitForSelector('.top-bar');
    const opened = Date.now();
    await page.goto(`${web.url.split('#')[0]}#/send/${id}`);
    await page.waitForSelector('.t-line');
    console.log(
      `transcript of ${LINES.toLocaleString('en')} lines on screen ${Date.now() - opened} ms after opening the page`,
    );
    const frames = await scrollFrames(page);
    console.log(`scroll frame time: ${summary(frames)} (target p95 ≤ 16.7 ms)`);
    // At 60 Hz a frame is 16.67 ms and timestamps jitter by ~0.1 ms; a dropped frame is ≥ 33 ms.
    const missed = frames.filter((f) => f > 20).length;
    console.log(`  frames that missed a vsync (> 20 ms): ${missed} of ${frames.length}`);

    const socket = bridgeSocket(Number(new URL(web.url).port), tokenOfUrl(web.url) ?? '');
    const client = createRpcClient(createWsClientTransport(socket));
    // Four scenario domains at Settings' ceiling of 50 sessions each: all 200 run at once.
    await client.api['settings.set']({ concurrency: DELIVERIES, perDomainConcurrency: 50 });
    await web.lag();
    const delays: number[] = [];
    // PROFILE=DIR also profiles the page during the live rounds.
    const cdp = process.env.PROFILE ? await page.context().newCDPSession(page) : null;
    await cdp?.send('Profiler.enable');
    await cdp?.send('Profiler.start');
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`live round ${round}:`);
      delays.push(...(await liveRound(page, client, web.url.split('#')[0] as string)));
      console.log(`  main event-loop delay during the round: ${await web.lag()}`);
    }
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      await writeFile(
        path.join(process.env.PROFILE ?? '.', 'renderer.cpuprofile'),
        JSON.stringify(profile),
      );
    }
    console.log(`server reply → line on screen: ${summary(delays)} (target p95 ≤ 100 ms)`);
    socket.close();
  } finally {
    await browser?.close();
    web?.child.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
