import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { fsReason, StoreError } from './store-error';

/**
 * Replace a file so that a crash at any instant leaves either the old or the new content,
 * never a torn one: write a temporary sibling, fsync it, rename over, fsync the folder.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array | Iterable<Uint8Array>,
): Promise<void> {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const handle = await open(tmp, 'w', 0o600);
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
    else await writeChunks(handle, data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw error;
  }
  await syncFolder(path.dirname(file));
}

/** Many small pieces (a snapshot's records) written in blocks of about 1 MiB. */
async function writeChunks(handle: FileHandle, chunks: Iterable<Uint8Array>) {
  let block: Uint8Array[] = [];
  let size = 0;
  for (const chunk of chunks) {
    block.push(chunk);
    size += chunk.length;
    if (size >= 1 << 20) {
      await handle.write(Buffer.concat(block));
      block = [];
      size = 0;
    }
  }
  if (size) await handle.write(Buffer.concat(block));
}

/** Make a folder's entries (a created or renamed file) durable. */
export async function syncFolder(folder: string) {
  // Windows cannot open a folder for fsync; rename there is already durable enough.
  if (process.platform === 'win32') return;
  const dir = await open(folder, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/**
 * mkdir -p whose folders survive a power cut: each folder is an entry in its parent, made
 * durable by fsyncing that parent (innermost first, so no durable name points to a folder
 * that is not).
 */
export async function ensureFolder(folder: string): Promise<void> {
  try {
    const created = await makeFolders(path.resolve(folder));
    // Even when it exists: a process killed between its mkdir and this fsync left it so.
    const made = created.length ? created.reverse() : [path.resolve(folder)];
    for (const f of made) await syncFolder(path.dirname(f));
  } catch (error) {
    throw new StoreError(`the folder ${folder} cannot be used (${fsReason(error)})`, error);
  }
}

/**
 * mkdir -p, one level at a time, outermost first; returns the folders it created. Not
 * `mkdir(…, { recursive: true })`: under /proc it spins forever, retrying ENOENT.
 */
async function makeFolders(folder: string): Promise<string[]> {
  const missing: string[] = [];
  for (let f = folder; ; f = path.dirname(f)) {
    const info = await stat(f).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (info) {
      if (!info.isDirectory())
        throw Object.assign(new Error(`${f} is a file, not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(f);
    if (path.dirname(f) === f) break;
  }
  for (const f of missing)
    await mkdir(f, 0o700).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  return missing;
}
