import { type FileHandle, mkdir, open, readFile, truncate } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file';

/**
 * A crash-safe record store: an append-only journal of JSON lines beside a snapshot.
 *
 * Why not SQLite: a native SQLite needs a rebuild for Electron's Node; the WASM builds keep
 * the database in memory and write it back whole, which a kill -9 can interrupt. A journal
 * is small, fully ours and easy to reason about: every change is one line, appended and
 * fsynced before the caller hears it is stored (changes made in the same tick share one
 * fsync). A torn last line — the only damage a crash can do — is dropped on open.
 * Compaction writes the live records as a new snapshot (atomically: temp file, fsync,
 * rename) and only then empties the journal; replaying a journal over a snapshot that
 * already holds its changes gives the same state, so a crash between the two is harmless.
 */
export interface JournalRecord {
  /** What the record is about, e.g. "delivery:<id>". */
  key: string;
  /** The record's whole new value; null deletes it. */
  value: unknown;
}

const SNAPSHOT = 'snapshot.json';
const JOURNAL = 'journal.jsonl';

export class Journal {
  private pending: { line: string; done: () => void; failed: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  private compactWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private bytes = 0;

  private constructor(
    private readonly dir: string,
    private handle: FileHandle,
    readonly records: Map<string, unknown>,
    bytes: number,
  ) {
    this.bytes = bytes;
  }

  static async open(dir: string): Promise<Journal> {
    await mkdir(dir, { recursive: true });
    const records = new Map<string, unknown>();
    const snapshot = await readFile(path.join(dir, SNAPSHOT), 'utf8').catch(() => null);
    if (snapshot)
      for (const [key, value] of Object.entries(JSON.parse(snapshot) as Record<string, unknown>))
        records.set(key, value);
    const file = path.join(dir, JOURNAL);
    const text = await readFile(file, 'utf8').catch(() => '');
    let good = 0;
    for (const line of text.split('\n')) {
      if (!line) continue;
      let record: JournalRecord;
      try {
        record = JSON.parse(line) as JournalRecord;
      } catch {
        break; // a torn write: everything after it is from the same interrupted append
      }
      if (record.value === null) records.delete(record.key);
      else records.set(record.key, record.value);
      good += Buffer.byteLength(line) + 1;
    }
    if (good < Buffer.byteLength(text)) await truncate(file, good);
    const handle = await open(file, 'a');
    return new Journal(dir, handle, records, good);
  }

  get(key: string): unknown {
    return this.records.get(key);
  }

  /** Record a change; resolves once it is on disk. */
  put(key: string, value: unknown): Promise<void> {
    // After close, a change is dropped exactly as if the process had died at close: the
    // journal's design makes that safe (a retry resends, nothing acknowledged is lost).
    if (this.closed) return Promise.resolve();
    if (value === null) this.records.delete(key);
    else this.records.set(key, value);
    const line = `${JSON.stringify({ key, value } satisfies JournalRecord)}\n`;
    return new Promise((done, failed) => {
      this.pending.push({ line, done, failed });
      this.flushing ??= Promise.resolve().then(() => this.flush());
    });
  }

  /** Journal size in bytes since the last compaction. */
  get journalBytes(): number {
    return this.bytes;
  }

  /**
   * Fold the journal into the snapshot. Runs in the same loop as the appends, so nothing is
   * written while the files change hands; asking again while one is queued adds nothing.
   */
  compact(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.compactWaiters.push({ resolve, reject });
      this.flushing ??= Promise.resolve().then(() => this.flush());
    });
  }

  private async compactNow(): Promise<void> {
    const snapshot = JSON.stringify(Object.fromEntries(this.records));
    await writeFileAtomic(path.join(this.dir, SNAPSHOT), snapshot);
    await this.handle.close();
    await truncate(path.join(this.dir, JOURNAL), 0);
    this.handle = await open(path.join(this.dir, JOURNAL), 'a');
    this.bytes = 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    await this.handle.close();
  }

  private async flush(): Promise<void> {
    while (this.pending.length || this.compactWaiters.length) {
      const batch = this.pending.splice(0);
      if (batch.length) {
        const text = batch.map((p) => p.line).join('');
        try {
          await this.handle.appendFile(text);
          await this.handle.datasync();
          this.bytes += Buffer.byteLength(text);
          for (const p of batch) p.done();
        } catch (error) {
          for (const p of batch) p.failed(error);
        }
      }
      const waiters = this.compactWaiters.splice(0);
      if (waiters.length) {
        try {
          await this.compactNow();
          for (const w of waiters) w.resolve();
        } catch (error) {
          for (const w of waiters) w.reject(error);
        }
      }
    }
    this.flushing = null;
  }
}
