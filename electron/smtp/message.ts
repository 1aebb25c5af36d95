import MailComposer from 'nodemailer/lib/mail-composer';
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
  for (const to of [...input.to, ...(input.cc ?? [])]) check('A recipient header', to);
  if (input.subject !== undefined) check('The subject', input.subject);
  const headers: Record<string, string> = {};
  for (const { name, value } of input.headers ?? []) {
    if (!fieldName.test(name)) throw new MessageError(`"${name}" is not a valid header name.`);
    check(`The ${name} header`, value);
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
    subject: input.subject,
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

/** Keep MailComposer's headers, declare 7bit or 8bit, and put the body after them untouched. */
function withRawBody(built: Buffer, body: Buffer): Buffer {
  const end = built.indexOf('\r\n\r\n');
  const eightBit = body.some((byte) => byte > 0x7f);
  const headers = built
    .subarray(0, end)
    .toString('utf8')
    .split('\r\n')
    .filter((line) => !/^Content-Transfer-Encoding:/i.test(line));
  headers.push(`Content-Transfer-Encoding: ${eightBit ? '8bit' : '7bit'}`);
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`), body]);
}
