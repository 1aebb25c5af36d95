import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
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
    await appendFile(path.join(dir, 'journal.jsonl'), '{"key":"b","val');
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
