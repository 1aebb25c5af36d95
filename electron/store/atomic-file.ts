import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

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
  const first = await mkdir(folder, { recursive: true });
  const created: string[] = [];
  for (let f = path.resolve(folder); ; f = path.dirname(f)) {
    created.push(f);
    if (first === undefined || f === path.resolve(first) || path.dirname(f) === f) break;
  }
  // Even when it exists: a process killed between its mkdir and this fsync left it so.
  for (const f of created) await syncFolder(path.dirname(f));
}
