import { appendFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashMessage, killAllWeb, startWeb } from '../cli/test-support/web-process';
import { startSmtpServer, type TestSmtpServer } from '../smtp/test-support/smtp-server';
import { OutboxStore } from './outbox-store';

// A power cut keeps only what was fsynced: file bytes as of their last fsync, folder entries
// as of their folder's last fsync. The real `mxray web` runs with power-log.cjs preloaded,
// which records every fsync; the test then rebuilds the disk as a cut after each one would
// leave it, and opens the outbox there as the next start would.

interface Synced {
  op: 'sync';
  path: string;
  ino: number;
  copy: string;
  at: number;
}
interface DirSynced {
  op: 'dirsync';
  path: string;
  entries: Record<string, { ino: number; dir: boolean }>;
  at: number;
}
/** Written into the same log by this test: the order of lines is the order of events. */
interface Marked {
  op: 'ack' | 'connect' | 'prune';
  subject?: string;
  path: string;
  at: number;
}
type LogLine = Synced | DirSynced | Marked;

let dir: string;
let smtp: TestSmtpServer;
let logFile: string | null = null;

/** An event of this test, appended to the process's own log (O_APPEND: ordered with its). */
function mark(op: Marked['op'], subject?: string) {
  if (logFile)
    appendFileSync(logFile, `${JSON.stringify({ op, subject, path: '', at: Date.now() })}\n`);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-power-'));
  smtp = await startSmtpServer({
    onConnect(_session, callback) {
      mark('connect');
      callback();
    },
  });
});
afterAll(async () => {
  killAllWeb();
  await smtp?.close();
  // MXRAY_KEEP_POWER_LOG=1 keeps the log and its copies, to look at a failure.
  if (!process.env.MXRAY_KEEP_POWER_LOG) await rm(dir, { recursive: true, force: true });
});

/** The data folder as a power cut right after `lines` would leave it. */
async function diskAfter(lines: LogLine[], dataDir: string, logDir: string, into: string) {
  const data = new Map<number, string>();
  const entries = new Map<string, DirSynced['entries']>();
  for (const line of lines) {
    if (line.op === 'sync') data.set(line.ino, line.copy);
    else if (line.op === 'dirsync') entries.set(line.path, line.entries);
  }
  const build = async (from: string, to: string) => {
    await mkdir(to, { recursive: true });
    for (const [name, e] of Object.entries(entries.get(from) ?? {})) {
      if (e.dir) await build(path.join(from, name), path.join(to, name));
      else {
        const copy = data.get(e.ino);
        // A name made durable whose bytes never were: an empty file.
        if (copy) await copyFile(path.join(logDir, copy), path.join(to, name));
        else await writeFile(path.join(to, name), '');
      }
    }
  };
  await rm(into, { recursive: true, force: true });
  await build(dataDir, into);
}

describe('outbox after a power cut', () => {
  it('at every fsync: opens, holds every acknowledged message whole, had "sending" on disk before connecting, never takes back a delivery', async () => {
    const dataDir = path.join(dir, 'data');
    const logDir = path.join(dir, 'log');
    await mkdir(dataDir);
    const web = await startWeb(dataDir, {
      nodeArgs: ['--require', path.join(__dirname, 'test-support', 'power-log.cjs')],
      env: { MXRAY_POWER_LOG: logDir, MXRAY_POWER_SLOW_SYNC_MS: '15' },
    });
    logFile = path.join(logDir, 'log.jsonl');
    const subjects: string[] = [];
    // One at a time, so the n-th connection belongs to the n-th message. Two carry bodies
    // large enough to live in files of their own.
    for (const [tag, size] of [
      ['small', 0],
      ['large', 300_000],
      ['third', 100_000],
    ] as const) {
      await web.client.api['outbox.enqueue'](crashMessage(tag, smtp.port, size));
      mark('ack', `crash ${tag}`);
      subjects.push(`crash ${tag}`);
      for (let i = 0; i < 200; i++) {
        const list = await web.client.api['outbox.list']({});
        if (list.every((d) => d.status === 'done')) break;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    // Pruning too: records go, then files.
    mark('prune');
    await web.client.api['settings.set']({ historyKeepDeliveries: 1 });
    await new Promise((r) => setTimeout(r, 300));
    web.child.kill('SIGTERM');
    expect((await web.exited).code).toBe(0);
    web.disconnect();
    expect(smtp.received).toHaveLength(3);

    const log = (await readFile(path.join(logDir, 'log.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
    expect(log.filter((l) => l.op === 'dirsync').length).toBeGreaterThan(3);
    const outboxSyncs = log.filter((l) => l.path.includes(`${path.sep}outbox`));
    expect(outboxSyncs.length).toBeGreaterThan(10);

    const everDelivered = new Set<string>();
    const into = path.join(dir, 'after-cut');
    let checked = 0;
    let ackChecks = 0;
    let sendingChecks = 0;
    for (let k = 0; k <= log.length; k++) {
      const lines = log.slice(0, k);
      // Only cuts where the outbox's state changed, or just after an event, and the last.
      const last = log[k - 1];
      if (k > 0 && k < log.length && !last?.path.includes(`${path.sep}outbox`) && last?.path !== '')
        continue;
      const acked = lines.flatMap((l) => (l.op === 'ack' ? [l.subject as string] : []));
      const connections = lines.filter((l) => l.op === 'connect').length;
      const pruneAsked = lines.some((l) => l.op === 'prune');
      await diskAfter(lines, dataDir, logDir, into);
      const store = await OutboxStore.open(path.join(into, 'outbox'));
      try {
        const deliveries = store.deliveries();
        const bySubject = new Map(deliveries.map((d) => [d.summary.subject, d]));
        // Acknowledged before this cut: present, with every recipient, its body readable.
        for (const subject of acked) {
          const d = bySubject.get(subject);
          if (!d) {
            // Only pruning may take an acknowledged message away (the newest is kept).
            const pruned = subject !== 'crash third' && pruneAsked;
            expect(pruned, `${subject} missing after cut ${k}`).toBe(true);
            continue;
          }
          expect(d.recipients, `${subject} at cut ${k}`).toHaveLength(2);
          ackChecks++;
          const stored = store.message(d.messageId);
          expect(stored, `${subject}'s record at cut ${k}`).toBeDefined();
          if (!stored) continue;
          const request = await store.request(stored);
          expect(request.message.subject).toBe(subject);
          if (stored.composed)
            expect((await store.messageBytes(stored))?.length).toBeGreaterThan(0);
        }
        // Connected before this cut: the record said 'sending' (or later) first.
        for (const subject of subjects.slice(0, connections)) {
          const d = bySubject.get(subject);
          if (!d) continue;
          expect(d.status, `${subject} at cut ${k}`).not.toBe('queued');
          sendingChecks++;
        }
        // A delivery on disk is never taken back by a later cut.
        const status = new Map(
          deliveries.flatMap((d) => d.recipients.map((r) => [r.address, r.status] as const)),
        );
        for (const a of everDelivered)
          if (status.has(a)) expect(status.get(a), `${a} taken back at cut ${k}`).toBe('delivered');
        for (const [a, s] of status) if (s === 'delivered') everDelivered.add(a);
        checked++;
      } finally {
        await store.close();
      }
    }
    expect(everDelivered.size).toBe(6);
    expect(ackChecks).toBeGreaterThan(20);
    expect(sendingChecks).toBeGreaterThan(10);
    console.log(
      `power cuts: ${checked} disk states rebuilt from ${log.length} log lines; acknowledged messages checked whole ${ackChecks} times, 'sending' before a connection ${sendingChecks} times`,
    );
  }, 120_000);
});
