import { crc32 } from 'node:zlib';

/**
 * One record on disk: `CRC32 JSON\n`, the checksum (8 hex digits) over the JSON's bytes. A
 * record counts only when its newline is there and its checksum matches; lines written before
 * checksums existed (`{…}\n`, no checksum) are still read when they parse.
 */
export interface JournalRecord {
  /** What the record is about, e.g. "delivery:<id>". */
  key: string;
  /** The record's whole new value; null deletes it. */
  value: unknown;
}

const NEWLINE = 0x0a;

export function encodeRecord(record: JournalRecord): Buffer {
  const json = Buffer.from(JSON.stringify(record));
  const sum = crc32(json).toString(16).padStart(8, '0');
  return Buffer.concat([Buffer.from(`${sum} `), json, Buffer.from('\n')]);
}

/** A line's record, or null when the line is damaged (bad checksum, not JSON, not a record). */
function decodeLine(line: Buffer): JournalRecord | null {
  let json = line;
  if (line[0] !== 0x7b /* { : a line from before checksums */) {
    if (line.length < 10 || line[8] !== 0x20) return null;
    json = line.subarray(9);
    if (crc32(json).toString(16).padStart(8, '0') !== line.subarray(0, 8).toString('latin1'))
      return null;
  }
  try {
    const record = JSON.parse(json.toString('utf8')) as JournalRecord;
    return typeof record?.key === 'string' && 'value' in record ? record : null;
  } catch {
    return null;
  }
}

export interface ReadRecords {
  records: JournalRecord[];
  /** Byte ranges that held no good record: damaged lines, and a torn last line. */
  damaged: { start: number; end: number }[];
  /** Where the last good record ends: everything after it is damage. */
  goodEnd: number;
}

/** Every good record of a file's bytes, in order, and where the damage lies. */
export function readRecords(bytes: Buffer): ReadRecords {
  const records: JournalRecord[] = [];
  const damaged: { start: number; end: number }[] = [];
  let goodEnd = 0;
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(NEWLINE, start);
    // No newline: the append that wrote this line never finished.
    const end = newline === -1 ? bytes.length : newline + 1;
    const record = newline === -1 ? null : decodeLine(bytes.subarray(start, newline));
    if (record) {
      records.push(record);
      goodEnd = end;
    } else if (end - start > 1 || newline === -1) {
      damaged.push({ start, end });
    }
    start = end;
  }
  return { records, damaged, goodEnd };
}
