import type { Check } from '../../shared/domain-report';
import { checkMaker } from '../report/check';
import {
  fieldsNamed,
  type LineFacts,
  MAX_LINE_OCTETS,
  type MessageShape,
  mimeParts,
} from './raw-message';

/** RFC 5322 hygiene: what receivers (Gmail first) refuse or score before reading a word. */

const hygiene = (id: string, title: string, ...rest: Parameters<ReturnType<typeof checkMaker>>) =>
  checkMaker(`hygiene.${id}`, 'hygiene', title)(...rest);

const shown = (name: string, values: string[]) => values.map((v) => `${name}: ${v}`);

function fromCheck(shape: MessageShape, addresses: string[]): Check {
  const from = fieldsNamed(shape.fields, 'From');
  const evidence = shown(
    'From',
    from.map((f) => f.value),
  );
  if (from.length === 0)
    return hygiene(
      'from',
      'One From',
      'fail',
      'The message has no From header field (RFC 5322 §3.6 requires one).',
      'Add a From header with the sending address.',
    );
  if (from.length > 1)
    return hygiene(
      'from',
      'One From',
      'fail',
      `The message has ${from.length} From header fields; RFC 5322 allows exactly one, and DMARC cannot judge it.`,
      'Keep a single From header.',
      evidence,
    );
  if (addresses.length !== 1)
    return hygiene(
      'from',
      'One From',
      'fail',
      addresses.length === 0
        ? 'The From header holds no address a receiver can read.'
        : `The From header names ${addresses.length} addresses: DMARC cannot pick one, and Gmail rejects such mail.`,
      'Put exactly one address in From (others can go in Reply-To).',
      evidence,
    );
  return hygiene(
    'from',
    'One From',
    'ok',
    `One From header, one address (${addresses[0]}).`,
    null,
    evidence,
  );
}

function dateCheck(shape: MessageShape): Check {
  const dates = fieldsNamed(shape.fields, 'Date');
  const evidence = shown(
    'Date',
    dates.map((f) => f.value),
  );
  if (dates.length === 0)
    return hygiene(
      'date',
      'Date',
      'fail',
      'The message has no Date header field (RFC 5322 §3.6 requires one).',
      'Let the sending software add Date (MXray and most MTAs do).',
    );
  if (dates.length > 1)
    return hygiene(
      'date',
      'Date',
      'fail',
      `The message has ${dates.length} Date header fields; RFC 5322 allows exactly one.`,
      'Keep a single Date header.',
      evidence,
    );
  if (Number.isNaN(Date.parse((dates[0]?.value ?? '').replace(/\([^)]*\)/g, ''))))
    return hygiene(
      'date',
      'Date',
      'warn',
      'The Date header is not a date in RFC 5322 form.',
      'Write it like "Fri, 04 Dec 2026 10:00:00 +0000".',
      evidence,
    );
  return hygiene('date', 'Date', 'ok', 'One Date header in RFC 5322 form.', null, evidence);
}

function messageIdCheck(shape: MessageShape): Check {
  const ids = fieldsNamed(shape.fields, 'Message-ID');
  const evidence = shown(
    'Message-ID',
    ids.map((f) => f.value),
  );
  if (ids.length === 0)
    return hygiene(
      'message-id',
      'Message-ID',
      'fail',
      'The message has no Message-ID; Gmail rejects or files mail without one.',
      'Let the sending software add Message-ID: <unique@your.domain>.',
    );
  if (ids.length > 1)
    return hygiene(
      'message-id',
      'Message-ID',
      'fail',
      `The message has ${ids.length} Message-ID header fields; RFC 5322 allows at most one.`,
      'Keep a single Message-ID.',
      evidence,
    );
  if (!/^<[^<>@\s]+@[^<>@\s]+>$/.test(ids[0]?.value ?? ''))
    return hygiene(
      'message-id',
      'Message-ID',
      'warn',
      'The Message-ID is not in <id@domain> form (RFC 5322 §3.6.4).',
      'Write it as <unique-part@your.domain>.',
      evidence,
    );
  return hygiene(
    'message-id',
    'Message-ID',
    'ok',
    'One Message-ID in <id@domain> form.',
    null,
    evidence,
  );
}

function lineEndingCheck(lines: LineFacts, unixFile: boolean): Check {
  if (unixFile)
    return hygiene(
      'line-endings',
      'Line endings',
      'ok',
      'The file uses Unix line endings (LF) throughout, as saved .eml files do; it was judged as the CRLF an MTA sends.',
      null,
      [`${lines.bareLf} lines end in LF, none in CRLF`],
    );
  const bad: string[] = [];
  if (lines.bareLf) bad.push(`${lines.bareLf} bare LF (first on line ${lines.firstBareLfLine})`);
  if (lines.bareCr) bad.push(`${lines.bareCr} bare CR (first on line ${lines.firstBareCrLine})`);
  if (bad.length)
    return hygiene(
      'line-endings',
      'Line endings',
      'fail',
      `Line breaks other than CRLF: ${bad.join(', ')}. Gmail rejects bare LF (it was the SMTP smuggling vector), and RFC 5322 §2.3 forbids bare CR and LF.`,
      'End every line with CRLF (MXray does; so do MTAs that rewrite line endings).',
      [`${lines.crlf} CRLF`, ...bad],
    );
  return hygiene(
    'line-endings',
    'Line endings',
    'ok',
    'Every line ends in CRLF: no bare LF, no bare CR.',
    null,
    [`${lines.crlf} CRLF`],
  );
}

function lineLengthCheck(lines: LineFacts): Check {
  const evidence = [`longest line: ${lines.longest} octets (line ${lines.longestLine})`];
  if (lines.overLimit)
    return hygiene(
      'line-length',
      'Line length',
      'fail',
      `${lines.overLimit} line${lines.overLimit === 1 ? ' is' : 's are'} longer than ${MAX_LINE_OCTETS} octets (RFC 5322 §2.1.1): servers may refuse the message or break the lines, which breaks DKIM.`,
      'Encode long text as quoted-printable or base64 (MXray does), and fold long header fields.',
      evidence,
    );
  return hygiene(
    'line-length',
    'Line length',
    'ok',
    `No line is longer than ${MAX_LINE_OCTETS} octets.`,
    null,
    evidence,
  );
}

function eightBitCheck(raw: Buffer, shape: MessageShape): Check {
  const parts = mimeParts(raw);
  const mime = fieldsNamed(shape.fields, 'MIME-Version').length > 0;
  const where = (p: (typeof parts)[number]) =>
    p.path ? `part ${p.path} (${p.contentType})` : `the body (${p.contentType})`;
  const undeclared = parts.filter(
    (p) => p.eightBit > 0 && !['8bit', 'binary'].includes(p.encoding),
  );
  const declared = parts.filter((p) => p.eightBit > 0 && ['8bit', 'binary'].includes(p.encoding));
  const headers8 = parts.reduce((n, p) => n + p.eightBitHeaders, 0);
  const evidence = parts
    .filter((p) => p.eightBit || p.eightBitHeaders)
    .map(
      (p) =>
        `${where(p)}: ${p.eightBit} 8-bit bytes, Content-Transfer-Encoding ${p.encodingDeclared ? p.encoding : 'not given (7bit)'}${p.eightBitHeaders ? `, ${p.eightBitHeaders} in its header fields` : ''}`,
    );
  if (undeclared.length)
    return hygiene(
      '8bit',
      '8-bit content',
      'fail',
      `8-bit bytes where 7bit is declared or implied: ${undeclared.map(where).join(', ')}. Servers may refuse or mangle them.`,
      'Declare Content-Transfer-Encoding: 8bit (with MIME-Version: 1.0), or better encode as quoted-printable or base64.',
      evidence,
    );
  if (declared.length && !mime)
    return hygiene(
      '8bit',
      '8-bit content',
      'fail',
      '8-bit content is declared, but the message has no MIME-Version header, so the declaration does not count.',
      'Add MIME-Version: 1.0.',
      evidence,
    );
  if (headers8)
    return hygiene(
      '8bit',
      '8-bit content',
      'warn',
      `${headers8} raw 8-bit bytes in header fields: only servers that offer SMTPUTF8 (RFC 6531/6532) take them.`,
      'Encode non-ASCII header text as RFC 2047 encoded words (=?UTF-8?B?…?=).',
      evidence,
    );
  if (declared.length)
    return hygiene(
      '8bit',
      '8-bit content',
      'ok',
      `8-bit bytes only in parts that declare 8bit or binary (${declared.map(where).join(', ')}); they need a server that offers 8BITMIME.`,
      null,
      evidence,
    );
  return hygiene('8bit', '8-bit content', 'ok', 'The message is 7-bit throughout.', null, evidence);
}

/** The hygiene checks: one From, Date, Message-ID, line endings, line length, 8-bit only with MIME. */
export function hygieneChecks(
  raw: Buffer,
  shape: MessageShape,
  fromAddresses: string[],
  lines: LineFacts,
  unixFile: boolean,
): Check[] {
  return [
    fromCheck(shape, fromAddresses),
    dateCheck(shape),
    messageIdCheck(shape),
    lineEndingCheck(lines, unixFile),
    lineLengthCheck(lines),
    eightBitCheck(raw, shape),
  ];
}
