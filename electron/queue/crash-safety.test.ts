import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxStore } from './outbox-store';
import { type GreylistServer, startGreylistServer } from './test-support/greylist-server';

const MESSAGES = 12;
const KILLS = 50;

let dir: string;
let child: string;
let server: GreylistServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-crash-'));
  child = path.join(dir, 'crash-child.cjs');
  await build({
    entryPoints: [path.resolve('electron/queue/test-support/crash-child.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
  });
  server = await startGreylistServer(300, (a) => a.startsWith('grey'));
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function run(dataDir: string, killAfterMs: number | null) {
  return new Promise<{ acked: string[]; settled: boolean }>((resolve, reject) => {
    const proc: ChildProcess = spawn(
      process.execPath,
      [child, dataDir, String(server.port), String(MESSAGES)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const acked: string[] = [];
    let settled = false;
    createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.startsWith('ack ')) acked.push(line.slice(4));
      if (line === 'settled') settled = true;
    });
    const timer = killAfterMs === null ? null : setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`crash-child exited with ${code}`));
      else resolve({ acked, settled });
    });
  });
}

describe('outbox crash safety', () => {
  it(`survives ${KILLS} kill -9 at random moments: nothing acknowledged is lost, every message ends final`, async () => {
    const dataDir = path.join(dir, 'data');
    const acknowledged = new Set<string>();
    for (let i = 0; i < KILLS; i++) {
      const { acked } = await run(dataDir, 20 + Math.floor(Math.random() * 400));
      for (const a of acked) acknowledged.add(a);
      // The store opens after every crash, and holds every message it acknowledged.
      const store = await OutboxStore.open(dataDir);
      const subjects = new Set(
        store.deliveries().map((d) => store.message(d.messageId)?.request.message.subject),
      );
      for (const a of acknowledged)
        expect(subjects.has(a), `${a} lost after kill ${i + 1}`).toBe(true);
      await store.close();
    }
    const last = await run(dataDir, null);
    expect(last.settled).toBe(true);

    const store = await OutboxStore.open(dataDir);
    const deliveries = store.deliveries();
    expect(deliveries).toHaveLength(MESSAGES);
    for (const d of deliveries) {
      expect(d.status).toBe('done');
      expect(d.recipients.map((r) => r.status)).toEqual(['delivered', 'delivered']);
    }
    // Every recipient got its message; a second copy only where a kill hit mid-session,
    // and that delivery says so in its history.
    for (const d of deliveries) {
      const subject = store.message(d.messageId)?.request.message.subject ?? '';
      for (const r of d.recipients) {
        const copies = server.received.filter(
          (m) => m.to.includes(r.address) && m.body.toString().includes(`Subject: ${subject}`),
        );
        expect(copies.length, `${r.address}`).toBeGreaterThanOrEqual(1);
        if (copies.length > 1)
          expect(d.warnings.join(' ')).toContain('may already have the message');
      }
    }
    await store.close();
  }, 120_000);
});
