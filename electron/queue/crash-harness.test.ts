import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { crashMessage, killAllWeb, spawnWeb, startWeb } from '../cli/test-support/web-process';
import {
  type CrashLab,
  KILLS_EACH,
  MOMENTS,
  type Moment,
  startCrashLab,
  storedAfterKill,
  untilSettled,
} from './test-support/crash-lab';

// The outbox's promise, tested from outside: the real `mxray web` process is killed with
// SIGKILL by the SMTP server it talks to (test-support/crash-lab.ts), at the protocol moment
// each case names, then started again on the same data folder. Every kill is counted by what
// it interrupted.

let dir: string;
let lab: CrashLab;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-crash-'));
  lab = await startCrashLab();
});
afterEach(() => {
  lab.target = null;
  killAllWeb();
});
afterAll(async () => {
  await lab?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('outbox under kill -9 of the real process', () => {
  it(`loses nothing acknowledged and resends nothing stored as delivered (${KILLS_EACH} kills at each of ${MOMENTS.length} moments)`, async () => {
    const dataDir = path.join(dir, 'kills');
    const acked = new Set<string>();
    /** Copies the server had accepted when the store first held a recipient as delivered. */
    const copiesWhenStored = new Map<string, number>();
    const momentOf = new Map<string, Moment>();
    const tally = new Map<Moment, { landed: number; stored: number; missed: number }>();
    let n = 0;
    for (const moment of MOMENTS) {
      const count = { landed: 0, stored: 0, missed: 0 };
      tally.set(moment, count);
      for (let k = 0; k < KILLS_EACH; k++) {
        const tag = `${n++}`;
        const web = await startWeb(dataDir);
        lab.target = { tag, moment, pid: web.child.pid as number, landed: false };
        momentOf.set(tag, moment);
        // Mid-DATA needs a body larger than loopback's socket buffers to be in flight.
        const size = moment === 'mid-data' ? 8 << 20 : 0;
        const message =
          moment === 'next-mx' ? lab.directMessage(tag) : crashMessage(tag, lab.server.port, size);
        if (moment === 'next-mx' && k === 0)
          await web.client.api['settings.set']({ mode: 'internet' });
        await web.client.api['outbox.enqueue'](message);
        acked.add(`crash ${tag}`);
        const stop = setTimeout(() => web.child.kill('SIGKILL'), 10_000);
        await web.exited;
        clearTimeout(stop);
        web.disconnect();
        const after = await storedAfterKill(dataDir);
        for (const a of acked)
          expect(after.subjects.has(a), `${a} lost after kill ${n}`).toBe(true);
        for (const r of after.delivered)
          if (!copiesWhenStored.has(r)) copiesWhenStored.set(r, lab.accepted.get(r) ?? 0);
        if (!lab.target.landed) count.missed++;
        else {
          count.landed++;
          if (after.delivered.has(`a-${tag}@${moment === 'next-mx' ? 'next' : 'crash'}.test`))
            count.stored++;
        }
        lab.target = null;
      }
    }
    // One last start, left alone: everything acknowledged ends delivered.
    const web = await startWeb(dataDir);
    const list = await untilSettled(web, acked.size);
    web.child.kill('SIGTERM');
    expect((await web.exited).code).toBe(0);
    web.disconnect();

    expect(new Set(list.map((d) => d.subject))).toEqual(acked);
    const duplicates = new Map<Moment, number>(MOMENTS.map((m) => [m, 0]));
    for (const d of list) {
      for (const r of d.recipients) {
        expect(r.status, r.address).toBe('delivered');
        const copies = lab.accepted.get(r.address) ?? 0;
        expect(copies, r.address).toBeGreaterThanOrEqual(1);
        // Once stored as delivered, never sent again.
        const stored = copiesWhenStored.get(r.address);
        if (stored !== undefined)
          expect(copies, `${r.address} resent after it was stored`).toBe(stored);
        const moment = momentOf.get(/-(\d+)@/.exec(r.address)?.[1] ?? '') as Moment;
        if (copies > 1) duplicates.set(moment, (duplicates.get(moment) ?? 0) + 1);
      }
    }
    const rows = [...tally].map(
      ([m, c]) =>
        `${m.padEnd(14)} landed ${c.landed}/${KILLS_EACH}, verdict on disk at the kill ${c.stored}, missed ${c.missed}, recipients sent twice ${duplicates.get(m)}`,
    );
    console.log(`crash harness:\n  ${rows.join('\n  ')}`);
    // A second copy only where the kill fell between the body's last byte and the fsync.
    for (const m of ['after-rcpt', 'dot+100', 'quit-held+300', 'next-mx'] as const)
      expect(duplicates.get(m), m).toBe(0);
    // Each moment was really hit, most of the time.
    for (const [m, c] of tally) expect(c.landed, m).toBeGreaterThanOrEqual(KILLS_EACH * 0.8);
    // Killed after the verdict was stored: every recipient is delivered once, never twice.
    expect(tally.get('dot+100')?.stored).toBe(tally.get('dot+100')?.landed);
    expect(tally.get('quit-held+300')?.stored).toBe(tally.get('quit-held+300')?.landed);
    // The recipient MX 10 accepted was stored before MX 20 was dialled.
    expect(tally.get('next-mx')?.stored).toBe(tally.get('next-mx')?.landed);
  }, 600_000);

  it('stops cleanly on SIGTERM during a held QUIT, and the next start sends nothing again', async () => {
    const dataDir = path.join(dir, 'sigterm');
    const web = await startWeb(dataDir);
    const tag = 'term';
    lab.target = { tag, moment: 'quit-held+300', pid: -1, landed: false };
    await web.client.api['outbox.enqueue'](crashMessage(tag, lab.server.port));
    for (let i = 0; i < 100 && !lab.accepted.has(`a-${tag}@crash.test`); i++)
      await new Promise((r) => setTimeout(r, 20));
    const asked = Date.now();
    web.child.kill('SIGTERM');
    const { code } = await web.exited;
    const took = Date.now() - asked;
    web.disconnect();
    lab.target = null;
    expect(code).toBe(0);
    expect(took).toBeLessThan(8_000);
    expect((await storedAfterKill(dataDir)).delivered).toEqual(
      new Set([`a-${tag}@crash.test`, `b-${tag}@crash.test`]),
    );
    const again = await startWeb(dataDir);
    const [delivery] = await untilSettled(again, 1);
    expect(delivery?.recipients.map((r) => r.status)).toEqual(['delivered', 'delivered']);
    again.child.kill('SIGTERM');
    await again.exited;
    again.disconnect();
    expect(lab.accepted.get(`a-${tag}@crash.test`)).toBe(1);
  }, 60_000);

  it('lets one process own a data folder; a second says which and exits 1, having sent nothing', async () => {
    const dataDir = path.join(dir, 'two');
    const first = await startWeb(dataDir);
    const connections = lab.server.connections;
    const second = spawnWeb(dataDir);
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(second.stderr().trim()).toMatch(
      new RegExp(
        `^mxray: web: the data folder .* is in use by another MXray \\(pid ${first.child.pid}, since .*\\)`,
      ),
    );
    expect(lab.server.connections).toBe(connections);
    first.child.kill('SIGTERM');
    await first.exited;
    first.disconnect();
    // Released on a clean stop; a kill -9 leaves a stale lock that the next start takes over.
    const third = await startWeb(dataDir);
    third.child.kill('SIGKILL');
    await third.exited;
    third.disconnect();
    const fourth = await startWeb(dataDir);
    fourth.child.kill('SIGTERM');
    expect((await fourth.exited).code).toBe(0);
    fourth.disconnect();
  }, 60_000);

  it('binds its port before it restores the outbox: a busy port sends nothing', async () => {
    const dataDir = path.join(dir, 'busy');
    const first = await startWeb(dataDir);
    // A message left queued: the target's kill takes the process down before it is sent.
    lab.target = {
      tag: 'busy',
      moment: 'after-rcpt',
      pid: first.child.pid as number,
      landed: false,
    };
    await first.client.api['outbox.enqueue'](crashMessage('busy', lab.server.port));
    await first.exited;
    first.disconnect();
    lab.target = null;
    const holder = await startWeb(path.join(dir, 'holder'));
    const busyPort = holder.port;
    const before = lab.server.connections;
    const second = spawnWeb(dataDir, busyPort);
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(second.stderr().trim()).toBe(
      `mxray: web: port ${busyPort} on 127.0.0.1 is in use; pick another --port`,
    );
    expect(lab.server.connections).toBe(before);
    holder.child.kill('SIGTERM');
    await holder.exited;
    holder.disconnect();
  }, 60_000);
});

describe('outbox on a full disk', () => {
  it('keeps running, says so, stores the verdict once space returns, and sends nothing twice', async (ctx) => {
    const small = path.join(dir, 'small');
    await mkdir(small, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', small], { stdio: 'pipe' });
    } catch (error) {
      ctx.skip(
        `skipped: a small tmpfs cannot be mounted here (${(error as Error).message.split('\n')[0]})`,
      );
    }
    try {
      const dataDir = path.join(small, 'data');
      const web = await startWeb(dataDir);
      let release = () => {};
      let holding = () => {};
      const held = new Promise<void>((r) => {
        holding = r;
      });
      lab.target = {
        tag: 'full',
        moment: 'hold-dot',
        pid: -1,
        landed: false,
        release: new Promise<void>((r) => {
          release = r;
        }),
        holding,
      };
      await web.client.api['outbox.enqueue'](crashMessage('full', lab.server.port));
      await held;
      // The disk fills while the server holds the body: its 250 cannot be stored.
      const filler = path.join(small, 'filler');
      await writeFile(filler, Buffer.alloc(8 << 20)).catch(() => {});
      release();
      let stats = await web.client.api['outbox.stats']({});
      for (let i = 0; i < 100 && stats.storageError === null; i++) {
        await new Promise((r) => setTimeout(r, 50));
        stats = await web.client.api['outbox.stats']({});
      }
      expect(stats.storageError).toMatch(/ENOSPC|no space/i);
      expect(web.child.exitCode).toBeNull();
      // New mail is refused with the reason, and nothing of it is queued.
      await expect(
        web.client.api['outbox.enqueue'](crashMessage('refused', lab.server.port)),
      ).rejects.toThrow(/ENOSPC|no space/i);
      await rm(filler);
      const [delivery] = await untilSettled(web, 1);
      expect(delivery?.recipients.map((r) => r.status)).toEqual(['delivered', 'delivered']);
      // Written again within a few seconds of space returning; then the error goes.
      for (let i = 0; i < 100 && stats.storageError !== null; i++) {
        await new Promise((r) => setTimeout(r, 100));
        stats = await web.client.api['outbox.stats']({});
      }
      expect(stats.storageError).toBeNull();
      web.child.kill('SIGTERM');
      expect((await web.exited).code).toBe(0);
      web.disconnect();
      lab.target = null;
      // After a restart: the verdict was on disk, so nothing goes out again.
      const again = await startWeb(dataDir);
      const list = await untilSettled(again, 1);
      expect(list.map((d) => d.subject)).toEqual(['crash full']);
      again.child.kill('SIGTERM');
      await again.exited;
      again.disconnect();
      expect(lab.accepted.get('a-full@crash.test')).toBe(1);
      expect(lab.accepted.has('a-refused@crash.test')).toBe(false);
    } finally {
      lab.target = null;
      execFileSync('umount', ['-l', small], { stdio: 'ignore' });
    }
  }, 90_000);
});
