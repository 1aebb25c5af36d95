/**
 * A message's bytes read as a receiving MX reads them, without repairing anything: the header
 * fields as sent, the line endings as they are, and the MIME tree enough to know which parts
 * carry 8-bit bytes and what they declare. Text is handled as latin1, so an index is a byte.
 */

export interface HeaderField {
  /** As written ("List-Unsubscribe"). */
  name: string;
  /** Unfolded, trimmed. */
  value: string;
}

export interface MessageShape {
  fields: HeaderField[];
  /** Where the body starts (after the empty line); the message's length when there is none. */
  bodyStart: number;
  /** The header block ended with an empty line (a message may have no body, but needs one). */
  hasSeparator: boolean;
}

/** The header block: fields up to the first empty line (CRLF or a bare LF, as found). */
export function readShape(raw: Buffer): MessageShape {
  const text = raw.toString('latin1');
  const separator = /\r?\n\r?\n/.exec(text);
  const headEnd = separator ? separator.index : text.length;
  const fields: HeaderField[] = [];
  for (const line of text.slice(0, headEnd).split(/\r?\n/)) {
    const last = fields.at(-1);
    if (/^[ \t]/.test(line) && last) last.value = `${last.value} ${line.trim()}`.trim();
    else {
      const colon = line.indexOf(':');
      if (colon > 0)
        fields.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
    }
  }
  return {
    fields,
    bodyStart: separator ? separator.index + separator[0].length : text.length,
    hasSeparator: separator !== null,
  };
}

export const fieldsNamed = (fields: HeaderField[], name: string) =>
  fields.filter((f) => f.name.toLowerCase() === name.toLowerCase());

export const fieldValue = (fields: HeaderField[], name: string): string | null =>
  fieldsNamed(fields, name)[0]?.value ?? null;

export interface LineFacts {
  crlf: number;
  bareLf: number;
  bareCr: number;
  /** The first bare LF / bare CR: line number (1-based). */
  firstBareLfLine: number | null;
  firstBareCrLine: number | null;
  /** The longest line in octets, without its line break, and where it is. */
  longest: number;
  longestLine: number;
  /** Lines over 998 octets (RFC 5322 §2.1.1). */
  overLimit: number;
}

export const MAX_LINE_OCTETS = 998;

export function lineFacts(raw: Buffer): LineFacts {
  const facts: LineFacts = {
    crlf: 0,
    bareLf: 0,
    bareCr: 0,
    firstBareLfLine: null,
    firstBareCrLine: null,
    longest: 0,
    longestLine: 1,
    overLimit: 0,
  };
  let line = 1;
  let start = 0;
  const endLine = (end: number) => {
    const length = end - start;
    if (length > facts.longest) {
      facts.longest = length;
      facts.longestLine = line;
    }
    if (length > MAX_LINE_OCTETS) facts.overLimit++;
  };
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (byte === 0x0d) {
      if (raw[i + 1] === 0x0a) {
        facts.crlf++;
        endLine(i);
        i++;
      } else {
        facts.bareCr++;
        facts.firstBareCrLine ??= line;
        endLine(i);
      }
    } else if (byte === 0x0a) {
      facts.bareLf++;
      facts.firstBareLfLine ??= line;
      endLine(i);
    } else continue;
    line++;
    start = i + 1;
  }
  if (start < raw.length) endLine(raw.length);
  return facts;
}

/** A file saved with Unix line endings throughout (no CR at all): what an MTA sends as CRLF. */
export const isUnixText = (facts: LineFacts) =>
  facts.bareLf > 0 && facts.crlf === 0 && facts.bareCr === 0;

/** Every bare LF as CRLF (only for text that has no CR at all: see isUnixText). */
export const toCrlf = (raw: Buffer): Buffer =>
  Buffer.from(raw.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');

export interface MimePart {
  /** "1", "1.2"…; "" for the message itself. */
  path: string;
  contentType: string;
  /** Content-Transfer-Encoding, lower case; "7bit" when absent (RFC 2045 §6.1). */
  encoding: string;
  encodingDeclared: boolean;
  /** Bytes of the part's body (or preamble and epilogue, for a multipart) over 0x7f. */
  eightBit: number;
  /** 8-bit bytes in the part's own header fields. */
  eightBitHeaders: number;
}

const count8bit = (text: string) => {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) n++;
  return n;
};

const param = (value: string, name: string) =>
  new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);

/** The MIME tree, depth-first: every part with what it declares and its 8-bit bytes. */
export function mimeParts(raw: Buffer): MimePart[] {
  const parts: MimePart[] = [];
  const walk = (text: string, path: string, depth: number) => {
    const separator = /\r?\n\r?\n/.exec(text);
    const head = separator ? text.slice(0, separator.index) : text;
    const body = separator ? text.slice(separator.index + separator[0].length) : '';
    const fields = readShape(Buffer.from(head, 'latin1')).fields;
    const type = fieldValue(fields, 'Content-Type') ?? 'text/plain';
    const cte = fieldValue(fields, 'Content-Transfer-Encoding');
    const match = param(type, 'boundary');
    const boundary = match?.[1] ?? match?.[2];
    const multipart = /^\s*multipart\//i.test(type) && boundary && depth < 20;
    const children: string[] = [];
    let own = body;
    if (multipart) {
      const b = escapeRegExp(boundary);
      const closing = new RegExp(`(?:^|\\r?\\n)--${b}--`).exec(body);
      const inside = closing ? body.slice(0, closing.index) : body;
      const epilogue = closing ? body.slice(closing.index + closing[0].length) : '';
      const pieces = inside.split(new RegExp(`(?:^|\\r?\\n)--${b}[ \\t]*(?=\\r?\\n|$)`));
      // pieces[0] is the preamble; 8-bit bytes there and in the epilogue count for the parent.
      own = `${pieces[0] ?? ''}${epilogue}`;
      children.push(...pieces.slice(1).map((p) => p.replace(/^[ \t]*\r?\n/, '')));
    }
    parts.push({
      path,
      contentType: type.split(';')[0]?.trim().toLowerCase() ?? 'text/plain',
      encoding: cte?.trim().toLowerCase() ?? '7bit',
      encodingDeclared: cte !== null,
      eightBit: count8bit(own),
      eightBitHeaders: count8bit(head),
    });
    children.forEach((child, i) => {
      walk(child, path ? `${path}.${i + 1}` : String(i + 1), depth + 1);
    });
  };
  walk(raw.toString('latin1'), '', 0);
  return parts;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
