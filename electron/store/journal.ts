import { type FileHandle, open, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ensureFolder, syncFolder, writeFileAtomic } from './atomic-file';
import { encodeRecord, type JournalRecord, readRecords } from './record-line';
import { fsReason, StoreError } from './store-error';

export type { JournalRecord } from './record-line';

/**
 * A crash-safe record store: an append-only journal of checksummed lines beside a snapshot.
 *
 * Why not SQLite: a native SQLite needs a rebuild for Electron's Node; the WASM builds keep
 * the database in memory and write it back whole, which a kill -9 can interrupt. A journal
 * is small, fully ours and easy to reason about. Its invariants (docs/architecture.md,
 * Storage) are:
 * - a change is one line (`CRC32 JSON\n`, record-line.ts), appended and fsynced before the
 *   caller hears it is stored; changes made in the same tick share one fsync;
 * - on open, a line whose newline or checksum is missing is damage: its bytes are kept aside
 *   in `damaged/`, never silently dropped, and the journal is cut back to its good records —
 *   never more (a damaged line in the middle costs that line, not the ones after it);
 * - a failed append (ENOSPC, EIO) cuts the file back to its last good record before anyone
 *   writes again; until that succeeds every write is refused;
 * - compaction writes the live records as a new snapshot (temp file, fsync, rename, folder
 *   fsync) and only then empties the journal; replaying a journal over a snapshot that holds
 *   its changes gives the same state, so a crash between the two is harmless;
 * - a snapshot that cannot be read is an error that leaves every file as it is, never an
 *   empty store.
 */
const SNAPSHOT = 'snapshot.jsonl';
/** The snapshot's name before records were checksummed lines: read once, then replaced. */
const OLD_SNAPSHOT = 'snapshot.json';
const JOURNAL = 'journal.jsonl';
const DAMAGED = 'damaged';

interface Pending {
  line: Buffer;
  done: () => void;
  failed: (e: unknown) => void;
}

export class Journal {
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  private compactWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  /** Set when an append failed: the file may hold a partial line past `bytes`. */
  private needsCutBack = false;

  private constructor(
    private readonly dir: string,
    private handle: FileHandle,
    readonly records: Map<string, unknown>,
    /** The journal's length up to its last good record. */
    private bytes: number,
    /** Open found damaged lines before the last good record (kept in damaged/): records may be missing. */
    readonly foundDamage: boolean,
  ) {}

  static async open(dir: string): Promise<Journal> {
    await ensureFolder(dir);
    await removeTempFiles(dir);
    const records = new Map<string, unknown>();
    const apply = (r: JournalRecord) => {
      if (r.value === null) records.delete(r.key);
      else records.set(r.key, r.value);
    };
    const snapshot = await readSnapshot(dir);
    for (const r of snapshot.records) apply(r);

    const file = path.join(dir, JOURNAL);
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw new StoreError(`the journal ${file} cannot be read (${error.message})`, error);
    });
    const read = readRecords(bytes);
    for (const r of read.records) apply(r);
    if (read.damaged.length) await keepAside(dir, 'journal', bytes, read.damaged);

    const handle = await open(file, 'a', 0o600);
    await syncFolder(dir);
    // Damage in the middle, or a snapshot in the old format: fold everything into a fresh
    // snapshot. A torn tail alone (a kill -9 mid-append) is simply cut back.
    const middleDamage = read.damaged.some((d) => d.end <= read.goodEnd);
    const journal = new Journal(dir, handle, records, bytes.length, middleDamage);
    if (middleDamage || snapshot.old) await journal.compact();
    else if (read.goodEnd < bytes.length) await journal.cutBack(read.goodEnd);
    return journal;
  }

  get(key: string): unknown {
    return this.records.get(key);
  }

  /** Record a change; resolves once it is on disk, rejects when it could not be written. */
  put(key: string, value: unknown): Promise<void> {
    if (this.closed) return Promise.reject(new StoreError('the store is closed'));
    if (value === null) this.records.delete(key);
    else this.records.set(key, value);
    const line = encodeRecord({ key, value });
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
    if (this.closed) return Promise.reject(new StoreError('the store is closed'));
    return new Promise((resolve, reject) => {
      this.compactWaiters.push({ resolve, reject });
      this.flushing ??= Promise.resolve().then(() => this.flush());
    });
  }

  /** Waits for writes already asked for, then closes; later writes are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    await this.handle.close();
  }

  private async compactNow(): Promise<void> {
    const records = this.records;
    await writeFileAtomic(path.join(this.dir, SNAPSHOT), snapshotLines(records));
    await unlink(path.join(this.dir, OLD_SNAPSHOT)).catch(() => {});
    await this.handle.truncate(0);
    await this.handle.datasync();
    this.bytes = 0;
    this.needsCutBack = false;
  }

  private async cutBack(to: number): Promise<void> {
    await this.handle.truncate(to);
    await this.handle.datasync();
    this.bytes = to;
    this.needsCutBack = false;
  }

  private async append(batch: Pending[]): Promise<void> {
    const data = Buffer.concat(batch.map((p) => p.line));
    try {
      // A failed append may have left part of a line: nothing is written after it until
      // the file is back at its last good record.
      if (this.needsCutBack) await this.cutBack(this.bytes);
      this.needsCutBack = true;
      await this.handle.appendFile(data);
      await this.handle.datasync();
      this.bytes += data.length;
      this.needsCutBack = false;
      for (const p of batch) p.done();
    } catch (error) {
      for (const p of batch)
        p.failed(new StoreError(`could not write the outbox: ${fsReason(error)}`, error));
      await this.cutBack(this.bytes).catch(() => {});
    }
  }

  private async flush(): Promise<void> {
    while (this.pending.length || this.compactWaiters.length) {
      const batch = this.pending.splice(0);
      if (batch.length) await this.append(batch);
      const waiters = this.compactWaiters.splice(0);
      if (waiters.length) {
        try {
          if (this.needsCutBack) await this.cutBack(this.bytes);
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

function* snapshotLines(records: Map<string, unknown>): Generator<Buffer> {
  for (const [key, value] of records) yield encodeRecord({ key, value });
}

/** The snapshot's records; a snapshot that exists but cannot be read stops the open. */
async function readSnapshot(dir: string): Promise<{ records: JournalRecord[]; old: boolean }> {
  const file = path.join(dir, SNAPSHOT);
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new StoreError(
      `the snapshot ${file} cannot be read (${error.message}); it is left as it is`,
      error,
    );
  });
  if (bytes) {
    const read = readRecords(bytes);
    // Written whole and renamed into place: any damage here is not a crash's doing.
    if (read.damaged.length) {
      throw new StoreError(
        `the snapshot ${file} is damaged at byte ${read.damaged[0]?.start}; it is left as it is`,
      );
    }
    return { records: read.records, old: false };
  }
  const oldFile = path.join(dir, OLD_SNAPSHOT);
  const text = await readFile(oldFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new StoreError(
      `the snapshot ${oldFile} cannot be read (${error.message}); it is left as it is`,
      error,
    );
  });
  if (text === null) return { records: [], old: false };
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new StoreError(
      `the snapshot ${oldFile} is damaged (${(error as Error).message}); it is left as it is`,
      error,
    );
  }
  return { records: Object.entries(parsed).map(([key, value]) => ({ key, value })), old: true };
}

/** Damaged bytes go to damaged/NAME-TIME.bin, written and fsynced before anything is cut. */
async function keepAside(
  dir: string,
  name: string,
  bytes: Buffer,
  ranges: { start: number; end: number }[],
): Promise<void> {
  await ensureFolder(path.join(dir, DAMAGED));
  const kept = Buffer.concat(ranges.map((r) => bytes.subarray(r.start, r.end)));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await writeFileAtomic(path.join(dir, DAMAGED, `${name}-${stamp}.bin`), kept);
}

/** writeFileAtomic's temporaries left by a process that died mid-write. */
async function removeTempFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.startsWith('.') && name.endsWith('.tmp'))
      await unlink(path.join(dir, name)).catch(() => {});
  }
}
