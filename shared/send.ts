import { z } from 'zod';
import { controlCharacterIn } from './control-chars';
import { DkimSend } from './dkim';
import { HeloName, TlsPolicy } from './settings';
import {
  AttemptOutcome,
  Phase,
  PhaseTiming,
  RecipientResult,
  Reply,
  TlsDetails,
  TranscriptLine,
} from './smtp';

const noLineBreaks = (what: string) =>
  z
    .string()
    .refine((v) => !/[\r\n\0]/.test(v), { message: `${what} cannot contain a line break or NUL` });

/**
 * An envelope address: local@domain, or empty for the null sender (MAIL FROM:<>). No control
 * character of any kind: RFC 5321 allows none in a mailbox, and a server's logs would.
 */
export const MailboxAddress = noLineBreaks('An address')
  .pipe(z.string().trim().max(320, 'An address is at most 320 characters'))
  .superRefine((v, ctx) => {
    const control = controlCharacterIn(v);
    if (control) ctx.addIssue({ code: 'custom', message: `An address cannot contain ${control}` });
  })
  .refine((v) => /^[^\s<>@]+@[^\s<>@]+$/.test(v), {
    message: 'Must be an address like name@example.com',
  });

export const SenderAddress = z.union([z.literal(''), MailboxAddress]);

export const QuitAfter = z.enum([
  'connect',
  'banner',
  'ehlo',
  'starttls',
  'auth',
  'mail',
  'rcpt',
  'data',
]);
export type QuitAfter = z.infer<typeof QuitAfter>;

/** HOST, HOST:PORT or [IPv6]:PORT; port defaults to 25. */
export const ServerRoute = z.object({
  host: z.string().trim().min(1, 'Server host cannot be empty').max(253),
  port: z.number().int().min(1).max(65535).default(25),
});
export type ServerRoute = z.infer<typeof ServerRoute>;

export const Header = z.object({
  name: z
    .string()
    .regex(/^[\x21-\x39\x3b-\x7e]+$/, 'A header name is printable ASCII without spaces or ":"'),
  value: noLineBreaks('A header value'),
});

/**
 * The most one message carries, attachments and bodies together: 36 MB, under the 50 MB most
 * providers take once base64 has added its third. The compose form, the CLI's file reading
 * and this contract all hold to this one figure.
 */
export const MAX_CONTENT_BYTES = 36 * 1024 * 1024;
export const MAX_CONTENT_TEXT = '36 MB';

/** UTF-8 bytes of a string, counted without encoding it (shared runs in the renderer too). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Bytes a base64 string decodes to. */
export const base64Bytes = (b64: string) =>
  Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);

export const Attachment = z.object({
  filename: noLineBreaks('A file name').pipe(z.string().min(1).max(255)),
  contentType: z.string().max(255).optional(),
  /** The file's bytes, base64: the renderer never hands main a path to read. */
  contentBase64: z
    .string()
    .max(
      Math.ceil(MAX_CONTENT_BYTES / 3) * 4,
      `Attachments are limited to ${MAX_CONTENT_TEXT} in all`,
    ),
});

/** Everything needed to send one message to one server (the CLI's `send --server`). */
export const SendRequest = z
  .object({
    envelope: z.object({
      mailFrom: SenderAddress,
      rcptTo: z.array(MailboxAddress).min(1, 'Add at least one recipient').max(1000),
    }),
    message: z.object({
      from: noLineBreaks('From').pipe(z.string().min(1, 'From cannot be empty')),
      to: z.array(noLineBreaks('To')),
      cc: z.array(noLineBreaks('Cc')).default([]),
      subject: noLineBreaks('The subject').default(''),
      text: z.string().optional(),
      /** Sent byte for byte (line endings made safe), not re-encoded: --body-file. */
      rawText: z.boolean().default(false),
      html: z.string().optional(),
      headers: z.array(Header).default([]),
      attachments: z.array(Attachment).default([]),
    }),
    route: z.discriminatedUnion('kind', [
      /** Talk to this server only: no MX lookup (`--server`). */
      z.object({ kind: z.literal('server'), server: ServerRoute }),
      /** Direct delivery: each recipient domain's MX hosts, in order, on `port`. */
      z.object({
        kind: z.literal('mx'),
        port: z.number().int().min(1).max(65535).default(25),
        dnsServers: z.array(z.string()).max(8).default([]),
      }),
    ]),
    session: z.object({
      helo: HeloName.optional(),
      tls: TlsPolicy.default('opportunistic'),
      tlsVerify: z.boolean().default(false),
      quitAfter: QuitAfter.nullable().default(null),
      pipelining: z.boolean().default(true),
      auth: z
        .object({ user: noLineBreaks('The AUTH user'), pass: noLineBreaks('The AUTH password') })
        .nullable()
        .default(null),
      timeoutSeconds: z.number().positive().max(3600).optional(),
      connectTimeoutSeconds: z.number().positive().max(600).optional(),
      /**
       * Start the next MX address beside one that has not greeted within this many seconds
       * (staggered connect); 0: one address at a time. Absent: Settings (2 s).
       */
      staggerSeconds: z.number().min(0).max(60).optional(),
    }),
    /**
     * Sign with this stored DKIM key right after composing: the outbox keeps the signed bytes,
     * never the key (`mxray send --dkim-key FILE` fills it in for its one run).
     */
    dkim: DkimSend.optional(),
  })
  .superRefine((request, ctx) => {
    const { text, html, attachments } = request.message;
    const total =
      utf8Length(text ?? '') +
      utf8Length(html ?? '') +
      attachments.reduce((n, a) => n + base64Bytes(a.contentBase64), 0);
    if (total > MAX_CONTENT_BYTES)
      ctx.addIssue({
        code: 'custom',
        path: ['message', 'attachments'],
        message: `A message carries at most ${MAX_CONTENT_TEXT}, bodies and attachments together`,
      });
    // TLS from the first byte is a submission port's way (RFC 8314); an MX on 25 never speaks it.
    if (request.session.tls === 'implicit' && request.route.kind === 'mx')
      ctx.addIssue({
        code: 'custom',
        path: ['session', 'tls'],
        message:
          'Implicit TLS is for a relay on port 465 (--server HOST:465); MX servers speak STARTTLS',
      });
  });
export type SendRequest = z.infer<typeof SendRequest>;
export type SendRequestInput = z.input<typeof SendRequest>;

export const AttemptRecord = z.object({
  n: z.number().int(),
  /** The recipient domain this attempt delivers for (direct delivery). */
  domain: z.string().nullable(),
  host: z.string(),
  preference: z.number().nullable(),
  ip: z.string(),
  port: z.number(),
  startedAt: z.string(),
  endedAt: z.string(),
  outcome: AttemptOutcome,
  phase: Phase,
  reply: Reply.nullable(),
  reason: z.string(),
  tls: TlsDetails.nullable(),
  /**
   * Opportunistic TLS fell back to plaintext: why the STARTTLS handshake failed before this
   * attempt reconnected without it. Null when it did not happen.
   */
  tlsDowngrade: z.string().nullable().default(null),
  timings: z.array(PhaseTiming),
});
export type AttemptRecord = z.infer<typeof AttemptRecord>;

/** The result of one send, shaped as CLI.md's `--json` (extra fields welcome). */
export const SendReport = z.object({
  messageId: z.string(),
  /** Route misconfigurations and hints (a blocked port 25, say), in sentences. */
  warnings: z.array(z.string()).default([]),
  recipients: z.array(RecipientResult),
  attempts: z.array(AttemptRecord),
  transcript: z.array(TranscriptLine),
});
export type SendReport = z.infer<typeof SendReport>;
