import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { MAX_CONTENT_BYTES, MAX_CONTENT_TEXT } from '../../shared/send';
import { UsageError } from './usage-error';

/**
 * The files given to one `send` share one budget, what a message may carry (MAX_CONTENT_BYTES
 * in shared/send.ts). Reading stops there, so `--body-file /dev/zero` ends with a line, not
 * with the machine's memory.
 */

/** Files read for one message, against one budget. */
export class MessageInputs {
  private used = 0;

  /** A file named by a `send` option, whole, or a one-line reason it cannot be used. */
  async bytes(flag: string, file: string): Promise<Buffer> {
    const bytes = await readInput(flag, file, MAX_CONTENT_BYTES - this.used);
    this.used += bytes.length;
    return bytes;
  }

  /**
   * A text file, which must be UTF-8: its text travels as it is (or quoted-printable), and
   * guessing another charset would change what the recipient reads.
   */
  async text(flag: string, file: string): Promise<string> {
    const bytes = await this.bytes(flag, file);
    if (!isUtf8(bytes)) {
      const offset = firstInvalidUtf8(bytes);
      throw new UsageError(
        `send: --${flag}: ${file} is not UTF-8 text (byte 0x${bytes[offset]?.toString(16).padStart(2, '0')} at offset ${offset}); convert it first (iconv -f LATIN1 -t UTF-8) or send it with --attach`,
      );
    }
    return bytes.toString('utf8');
  }
}

async function readInput(flag: string, file: string, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
      size += (chunk as Buffer).length;
      if (size > limit)
        throw new UsageError(
          `send: --${flag}: ${file} takes the message past ${MAX_CONTENT_TEXT}, the most MXray sends in one message`,
        );
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `send: --${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return Buffer.concat(chunks);
}

/** The offset of the first byte that does not begin a well-formed UTF-8 character. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0 || (length > 1 && !isUtf8(bytes.subarray(i, i + length)))) return i;
    i += length;
  }
  return bytes.length;
}
