import MailComposer from 'nodemailer/lib/mail-composer';
import { encodeWord } from 'nodemailer/lib/mime-funcs';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import { assertSafeArgument } from './commands';

export interface MessageAttachment {
  filename: string;
  contentType?: string;
  content: Buffer;
}

/** What the user composes. The envelope (MAIL FROM / RCPT TO) is separate: see Transaction. */
export interface MessageInput {
  from: string;
  to: string[];
  cc?: string[];
  subject?: string;
  text?: string;
  /** Send `text` byte for byte (line endings made safe later), not re-encoded. */
  rawText?: boolean;
  html?: string;
  headers?: { name: string; value: string }[];
  attachments?: MessageAttachment[];
  date?: Date;
  messageId?: string;
}

export class MessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessageError';
  }
}

/** RFC 5322 §3.6.8: a field name is printable ASCII except colon. */
const fieldName = /^[\x21-\x39\x3b-\x7e]+$/;

/** RFC 5322 §2.1.1: no line of a message may be longer than 998 characters (CRLF aside). */
export const MAX_LINE = 998;

/** The longest stretch without a space: a header can be folded only at whitespace. */
const longestWord = (value: string) =>
  Math.max(0, ...value.split(/[ \t]+/).map((word) => Buffer.byteLength(word)));

function check(what: string, value: string) {
  try {
    assertSafeArgument(what, value);
  } catch (error) {
    throw new MessageError((error as Error).message);
  }
}

/**
 * Build the RFC 5322 message with nodemailer's MailComposer (Date, Message-ID, MIME, encoded
 * UTF-8 headers, text + HTML, attachments). Attachments are bytes only: MailComposer is
 * never allowed to read a file or fetch a URL on a message's behalf.
 */
/** Everything composeMessage would refuse, checked without composing (cheap: for queues). */
export function checkMessageInput(input: MessageInput): Record<string, string> {
  check('The From header', input.from);
  foldable('From', input.from);
  for (const to of [...input.to, ...(input.cc ?? [])]) {
    check('A recipient header', to);
    foldable(input.to.includes(to) ? 'To' : 'Cc', to);
  }
  if (input.subject !== undefined) check('The subject', input.subject);
  const headers: Record<string, string> = {};
  for (const { name, value } of input.headers ?? []) {
    if (!fieldName.test(name)) throw new MessageError(`"${name}" is not a valid header name.`);
    check(`The ${name} header`, value);
    // Its value is the sender's to keep as given (tokens, signatures): refuse, do not encode.
    foldable(name, value);
    headers[name] = value;
  }
  for (const a of input.attachments ?? []) check('An attachment name', a.filename);
  if (input.rawText && (input.html !== undefined || input.attachments?.length)) {
    throw new MessageError('A body sent as given cannot be combined with HTML or attachments.');
  }
  return headers;
}

export async function composeMessage(input: MessageInput): Promise<Buffer> {
  const headers = checkMessageInput(input);
  const composer = new MailComposer({
    from: input.from,
    to: input.to,
    cc: input.cc,
    subject: foldableSubject(input.subject),
    text: input.rawText ? '' : input.text,
    html: input.html,
    headers,
    attachments: input.attachments?.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
    date: input.date,
    messageId: input.messageId,
    disableFileAccess: true,
    disableUrlAccess: true,
    newline: 'win',
    xMailer: false,
  });
  const built = await composer.compile().build();
  return input.rawText ? withRawBody(built, Buffer.from(input.text ?? '', 'utf8')) : built;
}

/** A header whose value has a stretch no folding can bring under the line limit is refused. */
function foldable(name: string, value: string) {
  const word = longestWord(value);
  if (name.length + 2 + word > MAX_LINE)
    throw new MessageError(
      `The ${name} header has ${word.toLocaleString('en')} characters without a space: folded or not, a header line holds at most ${MAX_LINE} (RFC 5322 §2.1.1).`,
    );
}

/**
 * A subject with a stretch too long to fold under 998 characters goes as RFC 2047 encoded
 * words, which fold between them; any other subject is left to MailComposer as it is.
 */
function foldableSubject(subject: string | undefined): string | undefined {
  if (subject === undefined || longestWord(subject) + 'Subject: '.length <= MAX_LINE)
    return subject;
  return encodeWord(subject, 'Q', 52);
}

/** Does this body go on the wire as it is: 7-bit, no NUL, no line over 998 octets (RFC 2045 §2.7)? */
function sendableAsIs(body: Buffer): boolean {
  let lineLength = 0;
  for (const byte of body) {
    if (byte > 0x7f || byte === 0) return false;
    if (byte === 0x0a) lineLength = 0;
    else if (byte !== 0x0d && ++lineLength > MAX_LINE) return false;
  }
  return true;
}

/**
 * Keep MailComposer's headers and put the body after them: as given when it is 7-bit with
 * lines of at most 998 octets; otherwise quoted-printable (its line breaks kept, long lines
 * soft-broken), which every server takes, with or without 8BITMIME.
 */
function withRawBody(built: Buffer, body: Buffer): Buffer {
  const end = built.indexOf('\r\n\r\n');
  const asIs = sendableAsIs(body);
  // Whole fields (a line and its folded continuations), less the two this body decides.
  const headers = built
    .subarray(0, end)
    .toString('utf8')
    .split(/\r\n(?![ \t])/)
    .filter((field) => !/^Content-(Transfer-Encoding|Type):/i.test(field));
  headers.push('Content-Type: text/plain; charset=utf-8');
  headers.push(`Content-Transfer-Encoding: ${asIs ? '7bit' : 'quoted-printable'}`);
  const encoded = asIs ? body : Buffer.from(qpWrap(qpEncode(body), 76));
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`), encoded]);
}
