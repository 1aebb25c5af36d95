import net from 'node:net';
import type { SpamdTarget, SpamRule, SpamVerdict } from '../../shared/spam';
import { formatSpamdAddress } from '../../shared/spamd-address';
import { withCrlfLines } from '../smtp/data-block';

export interface SpamdOptions {
  /** For the whole exchange, connecting included. Default 30 s. */
  timeoutMs?: number;
  /**
   * The largest message sent. spamc's default (-s) is 500 KiB and it passes bigger ones
   * through unchecked; spamd's scores are tuned for that. Rather than send a truncated message
   * (which spamc does only when asked, and which scores a different, broken MIME message) a
   * bigger one is an error saying so: a score for a message nobody sent would mislead.
   */
  maxMessageBytes?: number;
}

export const SPAMD_TIMEOUT_MS = 30_000;
export const SPAMD_MAX_MESSAGE_BYTES = 500 * 1024;
/** spamd's REPORT answer is the report template, a few kilobytes; more is not spamd. */
const MAX_REPLY_BYTES = 256 * 1024;

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** spamd's exit codes (sysexits.h) as it sends them on its status line. */
const EX_NAMES: Record<number, string> = {
  64: 'EX_USAGE',
  65: 'EX_DATAERR',
  66: 'EX_NOINPUT',
  67: 'EX_NOUSER',
  68: 'EX_NOHOST',
  69: 'EX_UNAVAILABLE',
  70: 'EX_SOFTWARE',
  71: 'EX_OSERR',
  72: 'EX_OSFILE',
  73: 'EX_CANTCREAT',
  74: 'EX_IOERR',
  75: 'EX_TEMPFAIL',
  76: 'EX_PROTOCOL',
  77: 'EX_NOPERM',
  78: 'EX_CONFIG',
};

/**
 * The rule table of a SpamAssassin report, the lines after the "---- ----" rule under
 * " pts rule name  description": points, rule name, description. A long description (or an
 * RBL's "[1.2.3.4 listed in …]") wraps onto indented lines, joined here with a space.
 */
export function parseReportRules(report: string): SpamRule[] {
  const lines = report.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s*-{3,}\s+-{3,}\s+-{3,}\s*$/.test(l));
  if (start < 0) return [];
  const rules: SpamRule[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.trim()) break;
    const hit = /^\s*(-?\d+(?:\.\d+)?)\s+(\S+)(?:\s+(.*))?$/.exec(line);
    const last = rules.at(-1);
    if (hit) {
      rules.push({
        name: hit[2] ?? '',
        score: Number(hit[1]) || 0,
        description: (hit[3] ?? '').trim(),
      });
    } else if (last && /^\s/.test(line)) {
      last.description = `${last.description} ${line.trim()}`.trim();
    } else break;
  }
  return rules;
}

interface SpamdReply {
  code: number;
  message: string;
  headers: Map<string, string>;
  body: string;
}

/** A complete reply in `bytes`, null while more is to come; throws a sentence when garbled. */
function parseReply(bytes: Buffer, ended: boolean): SpamdReply | null {
  const headerEnd = bytes.indexOf('\r\n\r\n');
  if (headerEnd < 0) {
    const firstLine = bytes.toString('latin1').split('\r\n')[0] ?? '';
    if (firstLine.length > 0 && !'SPAMD/'.startsWith(firstLine.slice(0, 6)))
      throw new Error(notSpamd(firstLine));
    // A status line alone, then the close: spamd's way of refusing (e.g. "76 Bad header line").
    if (ended && bytes.includes('\r\n'))
      return { ...statusLine(firstLine), headers: new Map(), body: '' };
    if (ended)
      throw new Error(firstLine ? notSpamd(firstLine) : 'closed the connection without answering');
    return null;
  }
  const [first, ...rest] = bytes.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const status = statusLine(first ?? '');
  const headers = new Map<string, string>();
  for (const line of rest) {
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`sent a header line that is not "Name: value": "${line}"`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = bytes.subarray(headerEnd + 4);
  const lengthHeader = headers.get('content-length');
  if (lengthHeader !== undefined) {
    const length = Number(lengthHeader);
    if (!/^\d+$/.test(lengthHeader)) throw new Error(`sent Content-length "${lengthHeader}"`);
    if (body.length < length) {
      if (ended) throw new Error(`closed the connection after ${body.length} of ${length} bytes`);
      return null;
    }
    return { ...status, headers, body: body.subarray(0, length).toString('utf8') };
  }
  return ended ? { ...status, headers, body: body.toString('utf8') } : null;
}

const notSpamd = (line: string) =>
  `answered with "${line.slice(0, 80)}", which is not spamd's protocol`;

function statusLine(line: string): { code: number; message: string } {
  const match = /^SPAMD\/\d+\.\d+ (\d+) ?(.*)$/.exec(line);
  if (!match) throw new Error(notSpamd(line));
  return { code: Number(match[1]), message: match[2] ?? '' };
}

/** "True ; 1005.2 / 5.0" (also "Yes"/"No" from old spamds) as the verdict's numbers. */
function parseSpamHeader(value: string | undefined) {
  if (value === undefined) return null;
  const match = /^(True|False|Yes|No)\s*;\s*(-?\d+(?:\.\d+)?)\s*\/\s*(-?\d+(?:\.\d+)?)$/i.exec(
    value,
  );
  if (!match) return null;
  return {
    isSpam: /^(true|yes)$/i.test(match[1] ?? ''),
    score: Number(match[2]),
    threshold: Number(match[3]),
  };
}

/**
 * Ask a SpamAssassin spamd for its verdict on `raw` (SPAMC/1.5 REPORT over TCP): the score,
 * the threshold, spam or not, and every rule that hit with its points and description. The
 * message goes with its lines CRLF (as SMTP carries it) and an exact Content-length. Never
 * throws: a refused connection, a silent server or a reply that is not spamd's is an `error`
 * verdict whose sentence names the server.
 */
export function spamdCheck(
  raw: Buffer,
  target: SpamdTarget,
  options: SpamdOptions = {},
): Promise<SpamVerdict> {
  const server = formatSpamdAddress(target);
  const timeoutMs = options.timeoutMs ?? SPAMD_TIMEOUT_MS;
  const maxBytes = options.maxMessageBytes ?? SPAMD_MAX_MESSAGE_BYTES;
  const fail = (error: string): SpamVerdict => ({ status: 'error', server, error });
  const message = withCrlfLines(raw);
  if (message.length > maxBytes)
    return Promise.resolve(
      fail(
        `The message is ${Math.ceil(message.length / 1024)} KiB, over the ${Math.floor(maxBytes / 1024)} KiB spamc sends to spamd at ${server}; not scored.`,
      ),
    );
  const request = Buffer.concat([
    Buffer.from(`REPORT SPAMC/1.5\r\nContent-length: ${message.length}\r\n\r\n`, 'latin1'),
    message,
  ]);

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let connected = false;
    let done = false;
    const socket = net.connect({ host: target.host, port: target.port });
    const finish = (verdict: SpamVerdict) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(verdict);
    };
    const timer = setTimeout(
      () =>
        finish(
          fail(
            connected
              ? `spamd at ${server} did not answer within ${seconds(timeoutMs)}.`
              : `spamd at ${server} could not be reached within ${seconds(timeoutMs)}.`,
          ),
        ),
      timeoutMs,
    );
    const settle = (ended: boolean) => {
      let reply: SpamdReply | null;
      try {
        reply = parseReply(Buffer.concat(chunks, received), ended);
      } catch (error) {
        finish(fail(`spamd at ${server} ${(error as Error).message}.`));
        return;
      }
      if (reply) finish(verdictOf(reply, server));
    };
    socket.on('connect', () => {
      connected = true;
      // Half-close after the message, as spamc does: spamd reads Content-length bytes anyway.
      socket.end(request);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_REPLY_BYTES) {
        finish(fail(`spamd at ${server} sent more than ${MAX_REPLY_BYTES / 1024} KiB in reply.`));
        return;
      }
      chunks.push(chunk);
      settle(false);
    });
    socket.on('end', () => settle(true));
    socket.on('close', () => settle(true));
    // A reset after a reply (spamd refusing before it read the whole message) keeps the reply.
    socket.on('error', (error: NodeJS.ErrnoException) =>
      received > 0 ? settle(true) : finish(fail(connectionError(error, server))),
    );
  });
}

function connectionError(error: NodeJS.ErrnoException, server: string): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `spamd at ${server} refused the connection.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `spamd at ${server}: its host name does not resolve.`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `spamd at ${server} closed the connection before answering.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `spamd at ${server} cannot be reached (no route).`;
    default:
      return `spamd at ${server}: ${error.message}`;
  }
}

function verdictOf(reply: SpamdReply, server: string): SpamVerdict {
  if (reply.code !== 0) {
    const name = EX_NAMES[reply.code] ? ` (${EX_NAMES[reply.code]})` : '';
    const detail = reply.message && !/^EX_/.test(reply.message) ? `: ${reply.message}` : '';
    return {
      status: 'error',
      server,
      error: `spamd at ${server} refused the message with code ${reply.code}${name}${detail}.`,
    };
  }
  const spam = parseSpamHeader(reply.headers.get('spam'));
  if (!spam)
    return {
      status: 'error',
      server,
      error: `spamd at ${server} answered without a readable "Spam: True ; score / threshold" header.`,
    };
  return { status: 'scored', server, ...spam, rules: parseReportRules(reply.body) };
}
