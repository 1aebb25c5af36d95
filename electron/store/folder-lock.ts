import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, open, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureFolder, syncFolder } from './atomic-file';

/**
 * One process per data folder. Two processes on one outbox would both send what it holds and
 * truncate each other's journal, so the first to start owns the folder until it stops: a lock
 * file names its pid. A lock whose process is gone (kill -9, a crash, a reboot) is stale and
 * taken over; the takeover itself is guarded by an exclusive mkdir, so two processes finding
 * the same stale lock cannot both win.
 */
const LOCK = 'mxray.lock';
const TAKEOVER = 'mxray.lock.takeover';

interface Owner {
  pid: number;
  host: string;
  since: string;
}

export class FolderInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly owner: Owner,
  ) {
    super(
      `the data folder ${dir} is in use by another MXray (pid ${owner.pid}, since ${owner.since}); stop it first, or use another --data-dir`,
    );
    this.name = 'FolderInUseError';
  }
}

export interface FolderLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<Owner | null> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as Owner;
    return typeof owner.pid === 'number' ? owner : null;
  } catch {
    return null; // gone, or torn by a crash while it was written: stale either way
  }
}

/** A lock held by a live process: on this host, the pid answers; elsewhere, we cannot tell. */
function held(owner: Owner | null): owner is Owner {
  if (!owner) return false;
  if (owner.host !== os.hostname()) return true;
  return owner.pid !== process.pid && alive(owner.pid);
}

async function create(file: string, owner: Owner): Promise<boolean> {
  try {
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(owner));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncFolder(path.dirname(file));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Take the folder or throw FolderInUseError naming the process that has it. */
export async function lockDataFolder(dir: string): Promise<FolderLock> {
  await ensureFolder(dir);
  const file = path.join(dir, LOCK);
  const me: Owner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  for (let tries = 0; tries < 5; tries++) {
    if (await create(file, me)) return ownedLock(file);
    const owner = await readOwner(file);
    if (held(owner)) throw new FolderInUseError(dir, owner);
    await takeOverStale(dir, file);
  }
  throw new Error(`could not take the lock ${file}`);
}

async function takeOverStale(dir: string, file: string): Promise<void> {
  const guard = path.join(dir, TAKEOVER);
  try {
    await mkdir(guard);
  } catch {
    // Someone else is taking it over; a guard left by a process that died mid-takeover ages out.
    const age = await stat(guard).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > 10_000) await rmdir(guard).catch(() => {});
    await new Promise((r) => setTimeout(r, 50));
    return;
  }
  try {
    if (!held(await readOwner(file))) await unlink(file).catch(() => {});
  } finally {
    await rmdir(guard).catch(() => {});
  }
}

function ownedLock(file: string): FolderLock {
  const mine = () => {
    try {
      return (JSON.parse(readFileSync(file, 'utf8')) as Owner).pid === process.pid;
    } catch {
      return false;
    }
  };
  // A process that exits without release (an uncaught error, process.exit) still lets go.
  const onExit = () => {
    if (mine()) unlinkSync(file);
  };
  process.once('exit', onExit);
  return {
    async release() {
      process.removeListener('exit', onExit);
      if (mine()) await unlink(file).catch(() => {});
    },
  };
}
