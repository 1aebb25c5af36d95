const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const END_OF_DATA = Buffer.from('.\r\n');

/**
 * Make message bytes safe for DATA (RFC 5321 §4.5.2): every line break becomes CRLF (a lone CR
 * or a lone LF too, so no server can read a different end-of-data than ours: SMTP smuggling),
 * every line that starts with "." gets a second one, the body ends with CRLF, and exactly one
 * ".\r\n" follows. One pass over the bytes.
 */
export function toDataBlock(message: Buffer): Buffer {
  // The same message often goes out many times (several MX, retries, --repeat): convert once.
  const cached = blocks.get(message);
  if (cached) return cached;
  const block = convert(message);
  blocks.set(message, block);
  return block;
}

const blocks = new WeakMap<Buffer, Buffer>();

/**
 * The message as toDataBlock will put it on the wire, less the dot-stuffing and the final
 * dot: every line break CRLF, ending with one. What a DKIM signature must be computed over,
 * so that the receiver hashes the same body.
 */
export function withCrlfLines(message: Buffer): Buffer {
  return convert(message, false);
}

function convert(message: Buffer, forData = true): Buffer {
  // Worst case every byte is a lone LF that grows by one, plus a dot per line.
  const out = Buffer.allocUnsafe(message.length * 2 + 2 + END_OF_DATA.length + 1);
  let o = 0;
  let atLineStart = true;
  for (let i = 0; i < message.length; i++) {
    const byte = message[i] as number;
    if (byte === CR || byte === LF) {
      out[o++] = CR;
      out[o++] = LF;
      if (byte === CR && message[i + 1] === LF) i++;
      atLineStart = true;
      continue;
    }
    if (forData && atLineStart && byte === DOT) out[o++] = DOT;
    out[o++] = byte;
    atLineStart = false;
  }
  if (!atLineStart) {
    out[o++] = CR;
    out[o++] = LF;
  }
  if (forData) o += END_OF_DATA.copy(out, o);
  return out.subarray(0, o);
}

/** Does the message need BODY=8BITMIME (any byte over 127)? */
export function hasEightBitBytes(message: Buffer): boolean {
  for (let i = 0; i < message.length; i++) if ((message[i] as number) > 0x7f) return true;
  return false;
}

/** The header block of a message, for the transcript's summary of the body. */
export function headerBlock(message: Buffer): string {
  const text = message.subarray(0, 64 * 1024).toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  return (end === -1 ? text : text.slice(0, end)).replace(/\r\n/g, '\n');
}
