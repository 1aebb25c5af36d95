import type { Reply } from '../../shared/smtp';

/** Longest reply line we buffer; RFC 5321 allows 512, real servers send more, 64 KiB is plenty. */
export const MAX_REPLY_LINE_BYTES = 64 * 1024;
/** Most lines in one multi-line reply (EHLO lists run to a few dozen). */
export const MAX_REPLY_LINES = 1000;

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export interface ParsedReply extends Reply {
  lines: string[];
}

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const DASH = 0x2d;
const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;
const enhancedPattern = /^([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)/;

/**
 * Incremental SMTP reply parser on bytes. Feed it chunks as they arrive, split anywhere; it
 * returns the replies completed so far. Memory stays bounded: a line longer than the limit or
 * anything that is not an SMTP reply throws a ProtocolError with a sentence for the user.
 */
export class ReplyParser {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lines: string[] = [];
  private code: number | null = null;

  push(chunk: Buffer): ParsedReply[] {
    const replies: ParsedReply[] = [];
    let start = 0;
    for (let lf = chunk.indexOf(LF, start); lf !== -1; lf = chunk.indexOf(LF, start)) {
      const piece = chunk.subarray(start, lf);
      this.guardLength(piece.length);
      const whole = this.pendingBytes === 0 ? piece : Buffer.concat([...this.pending, piece]);
      this.pending = [];
      this.pendingBytes = 0;
      start = lf + 1;
      const reply = this.acceptLine(whole.at(-1) === CR ? whole.subarray(0, -1) : whole);
      if (reply) replies.push(reply);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.guardLength(rest.length);
      this.pending.push(rest);
      this.pendingBytes += rest.length;
    }
    return replies;
  }

  /** Drop whatever is buffered (bytes sent before TLS began); returns how many bytes. */
  discard(): number {
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.lines = [];
    this.code = null;
    return bytes;
  }

  /** True while part of a reply has arrived but not its end. */
  get midReply(): boolean {
    return this.pendingBytes > 0 || this.lines.length > 0;
  }

  private guardLength(extra: number) {
    if (this.pendingBytes + extra > MAX_REPLY_LINE_BYTES) {
      throw new ProtocolError(
        `The server sent a reply line longer than ${MAX_REPLY_LINE_BYTES / 1024} KiB; this is not SMTP.`,
      );
    }
  }

  private acceptLine(raw: Buffer): ParsedReply | null {
    // Read "DDD", "DDD text" or "DDD-text" straight off the bytes; decode only the text.
    const separator = raw[3];
    if (
      !isDigit(raw[0]) ||
      !isDigit(raw[1]) ||
      !isDigit(raw[2]) ||
      (raw.length > 3 && separator !== SP && separator !== DASH)
    ) {
      throw new ProtocolError(
        `The server sent "${preview(raw.toString('utf8'))}", which is not an SMTP reply.`,
      );
    }
    const code =
      ((raw[0] as number) - 48) * 100 + ((raw[1] as number) - 48) * 10 + ((raw[2] as number) - 48);
    if (code < 200 || code > 599) {
      throw new ProtocolError(
        `The server replied with code ${raw.toString('latin1', 0, 3)}; SMTP replies are 2xx to 5xx.`,
      );
    }
    if (this.code !== null && code !== this.code) {
      throw new ProtocolError(`A multi-line reply changed its code from ${this.code} to ${code}.`);
    }
    this.code = code;
    this.lines.push(raw.length > 4 ? raw.toString('utf8', 4) : '');
    if (this.lines.length > MAX_REPLY_LINES) {
      throw new ProtocolError(`The server sent a reply of more than ${MAX_REPLY_LINES} lines.`);
    }
    if (separator === DASH) return null;
    const lines = this.lines;
    this.lines = [];
    this.code = null;
    return { code, enhanced: enhancedCode(code, lines[0] ?? ''), text: lines.join('\n'), lines };
  }
}

/** RFC 3463: the class digit must match the reply's, or it is just text. */
function enhancedCode(code: number, firstLine: string): string | null {
  const match = enhancedPattern.exec(firstLine);
  if (!match || Number(match[1]) !== Math.floor(code / 100)) return null;
  return `${match[1]}.${match[2]}.${match[3]}`;
}

function preview(line: string): string {
  const printable = line.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 60 ? `${printable.slice(0, 60)}…` : printable;
}
