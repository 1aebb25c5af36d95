import { open } from 'node:fs/promises';
import { fsReason } from '../store/store-error';
import { UsageError } from './usage-error';

/** A PEM private key is a few KB (RSA 4096: about 3.3 KB); anything far bigger is not one. */
const MAX_KEY_FILE = 64 * 1024;

/**
 * A private key file named on the command line, read as ssh reads an identity: a file that
 * its group or others may read or write (any of the 077 bits) is refused, not warned about,
 * since by then the key may be someone else's too. Windows has no such bits: not checked.
 */
export async function readPrivateKeyFile(
  command: string,
  flag: string,
  file: string,
  platform = process.platform,
): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new UsageError(`${command}: --${flag}: cannot read ${file} (${fsReason(error)})`);
  }
  try {
    // The file opened, not its name again: nothing can swap it between the check and the read.
    const info = await handle.stat();
    if (!info.isFile()) throw new UsageError(`${command}: --${flag}: ${file} is not a file`);
    const loose = info.mode & 0o077;
    if (loose && platform !== 'win32')
      throw new UsageError(
        `${command}: --${flag}: ${file} is open to others (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}); a private key must be yours alone, as ssh insists: chmod 600 ${file}`,
      );
    if (info.size > MAX_KEY_FILE)
      throw new UsageError(
        `${command}: --${flag}: ${file} is ${info.size.toLocaleString('en')} bytes; a PEM private key is a few KB`,
      );
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
