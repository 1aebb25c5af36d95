import {
  appendFile,
  type FileHandle,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from './journal';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-journal-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('journal', () => {
  it('keeps every acknowledged change across a reopen, deletions included', async () => {
    const j = await Journal.open(dir);
    await j.put('a', { n: 1 });
    await j.put('b', { n: 2 });
    await j.put('a', { n: 3 });
    await j.put('b', null);
    await j.close();
    const again = await Journal.open(dir);
    expect(Object.fromEntries(again.records)).toEqual({ a: { n: 3 } });
    await again.close();
  });

  it('drops a torn last line and keeps going', async () => {
    const j = await Journal.open(dir);
    await j.put('a', { n: 1 });
    await j.close();
    await appendFile(path.join(dir, 'journal.jsonl'), '0badc0de {"key":"b","val');
    const again = await Journal.open(dir);
    expect(Object.fromEntries(again.records)).toEqual({ a: { n: 1 } });
    await again.put('c', { n: 2 });
    await again.close();
    expect(
      (await readFile(path.join(dir, 'journal.jsonl'), 'utf8')).split('\n').filter(Boolean),
    ).toHaveLength(2);
    expect(Object.fromEntries((await Journal.open(dir)).records)).toEqual({
      a: { n: 1 },
      c: { n: 2 },
    });
  });

  it('compacts into a snapshot, and a journal replayed over it changes nothing', async () => {
    const j = await Journal.open(dir);
    for (let i = 0; i < 100; i++) await j.put(`k${i % 10}`, { i });
    const journal = await readFile(path.join(dir, 'journal.jsonl'), 'utf8');
    await j.compact();
    expect(j.journalBytes).toBe(0);
    await j.close();
    // As if the process died after writing the snapshot but before emptying the journal.
    await appendFile(path.join(dir, 'journal.jsonl'), journal);
    const again = await Journal.open(dir);
    expect(again.records.size).toBe(10);
    expect(again.get('k9')).toEqual({ i: 99 });
  });

  it('shares one fsync among the changes of a tick', async () => {
    const j = await Journal.open(dir);
    await Promise.all(Array.from({ length: 1000 }, (_, i) => j.put(`m${i}`, { i })));
    expect(j.records.size).toBe(1000);
    await j.close();
    expect((await Journal.open(dir)).records.size).toBe(1000);
  });
});

describe('journal damage', () => {
  const file = () => path.join(dir, 'journal.jsonl');

  async function threeRecords() {
    const j = await Journal.open(dir);
    await j.put('a', { n: 1 });
    await j.put('b', { n: 2 });
    const before = (await readFile(file())).length;
    await j.put('c', { text: 'ünïcode and "quotes"' });
    await j.close();
    return { before, whole: await readFile(file()) };
  }

  it('cuts a torn last record back at every byte offset, keeping the torn bytes aside', async () => {
    const { before, whole } = await threeRecords();
    for (let cut = before; cut < whole.length; cut++) {
      await rm(path.join(dir, 'damaged'), { recursive: true, force: true });
      await writeFile(file(), whole.subarray(0, cut));
      const j = await Journal.open(dir);
      // Never more than the torn record is lost; the torn one only if its newline is missing.
      expect(Object.fromEntries(j.records), `cut at ${cut}`).toEqual({ a: { n: 1 }, b: { n: 2 } });
      expect((await readFile(file())).length).toBe(before);
      const aside = await readdir(path.join(dir, 'damaged')).catch(() => []);
      if (cut > before) {
        expect(aside).toHaveLength(1);
        const kept = await readFile(path.join(dir, 'damaged', aside[0] as string));
        expect(kept.equals(whole.subarray(before, cut))).toBe(true);
      } else expect(aside).toHaveLength(0);
      // The next append starts on a line of its own, and a reopen reads it.
      await j.put('d', { n: 4 });
      await j.close();
      const again = await Journal.open(dir);
      expect([...again.records.keys()]).toEqual(['a', 'b', 'd']);
      await again.close();
    }
  });

  it('loses only a damaged record in the middle, not the ones after it', async () => {
    const { before, whole } = await threeRecords();
    const damaged = Buffer.from(whole);
    damaged[before - 5] = 0x21; // a flipped byte inside b's JSON: its checksum no longer holds
    await writeFile(file(), damaged);
    const j = await Journal.open(dir);
    expect([...j.records.keys()]).toEqual(['a', 'c']);
    const aside = await readdir(path.join(dir, 'damaged'));
    expect((await readFile(path.join(dir, 'damaged', aside[0] as string))).toString()).toContain(
      '"key":"b"',
    );
    await j.close();
    expect([...(await Journal.open(dir)).records.keys()]).toEqual(['a', 'c']);
  });

  it('after a failed append, cuts the partial line back and loses no later record', async () => {
    const j = await Journal.open(dir);
    await j.put('a', { n: 1 });
    // The disk fills in the middle of the next append: half the line lands, then ENOSPC.
    const handle = (j as unknown as { handle: FileHandle }).handle;
    const real = handle.appendFile.bind(handle);
    handle.appendFile = async (data: string | Uint8Array) => {
      handle.appendFile = real;
      await real((data as Buffer).subarray(0, 10));
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    await expect(j.put('lost', { n: 2 })).rejects.toThrow(
      /could not write the outbox: no space left on device \(ENOSPC\)$/,
    );
    await j.put('b', { n: 3 });
    await j.put('c', { n: 4 });
    await j.close();
    const again = await Journal.open(dir);
    expect(Object.fromEntries(again.records)).toEqual({ a: { n: 1 }, b: { n: 3 }, c: { n: 4 } });
    expect(await readdir(dir)).not.toContain('damaged');
  });

  it('refuses to open over a snapshot it cannot read, and leaves it as it is', async () => {
    const j = await Journal.open(dir);
    await j.put('a', { n: 1 });
    await j.compact();
    await j.close();
    const snapshot = path.join(dir, 'snapshot.jsonl');
    const good = await readFile(snapshot);
    const bad = Buffer.from(good);
    bad[12] = (bad[12] as number) ^ 0x01;
    await writeFile(snapshot, bad);
    await expect(Journal.open(dir)).rejects.toThrow(/snapshot .* is damaged at byte 0; it is left/);
    expect((await readFile(snapshot)).equals(bad)).toBe(true);
  });

  it('reads a snapshot of the old format once, then writes the new one', async () => {
    await writeFile(path.join(dir, 'snapshot.json'), JSON.stringify({ a: { n: 1 } }));
    await writeFile(file(), '{"key":"b","value":{"n":2}}\n');
    const j = await Journal.open(dir);
    expect(Object.fromEntries(j.records)).toEqual({ a: { n: 1 }, b: { n: 2 } });
    await j.close();
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['snapshot.jsonl']));
    expect(await readdir(dir)).not.toContain('snapshot.json');
    expect(Object.fromEntries((await Journal.open(dir)).records)).toEqual({
      a: { n: 1 },
      b: { n: 2 },
    });
  });

  it('refuses writes after close instead of pretending, and clears a dead writer’s temp files', async () => {
    await writeFile(path.join(dir, '.snapshot.jsonl.123.abcd.tmp'), 'half a snapshot');
    const j = await Journal.open(dir);
    expect(await readdir(dir)).not.toContain('.snapshot.jsonl.123.abcd.tmp');
    await j.close();
    await expect(j.put('a', 1)).rejects.toThrow(/closed/);
  });
});
