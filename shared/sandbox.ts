import { z } from 'zod';

/** Every sandbox domain ends with this; such domains never reach real DNS. */
export const SANDBOX_SUFFIX = 'sandbox.test';

export function isSandboxDomain(domain: string): boolean {
  const d = domain.trim().toLowerCase().replace(/\.$/, '');
  return d === SANDBOX_SUFFIX || d.endsWith(`.${SANDBOX_SUFFIX}`);
}

/** Where a chaos disconnect happens: before the banner, on a command, or after the final dot. */
export const DisconnectAt = z.enum(['never', 'connect', 'ehlo', 'mail', 'rcpt', 'data', 'dot']);
export type DisconnectAt = z.infer<typeof DisconnectAt>;

/**
 * Refusals a scenario can answer every RCPT TO with, as a big provider or a blocklisting
 * Postfix words them: each text is a sample of shared/reply-explanations.test.ts, so the
 * explanation table knows it (the sandbox shows what an explained refusal looks like).
 */
export const REFUSALS = {
  'gmail-unauthenticated': {
    label: 'Gmail: 550 5.7.26 unauthenticated sender',
    code: 550,
    lines: [
      '5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail',
      '5.7.26 requires all senders to authenticate with either SPF or DKIM.',
    ],
  },
  'microsoft-banned-ip': {
    label: 'Microsoft: 550 5.7.606 banned sending IP',
    code: 550,
    lines: [
      '5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430)',
    ],
  },
  'yahoo-tss04': {
    label: 'Yahoo: 421 4.7.0 [TSS04] deferral',
    code: 421,
    lines: [
      '4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
    ],
  },
  'spamhaus-postfix': {
    label: 'Postfix: 554 5.7.1 blocked using zen.spamhaus.org',
    code: 554,
    lines: ['5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org'],
  },
} as const satisfies Record<string, { label: string; code: number; lines: readonly string[] }>;

export type Refusal = keyof typeof REFUSALS;
export const RefuseAs = z.enum(['off', ...(Object.keys(REFUSALS) as Refusal[])], {
  error: `Refuse as is one of: off, ${Object.keys(REFUSALS).join(', ')}`,
});
export type RefuseAs = z.infer<typeof RefuseAs>;

const noLineBreaks = z
  .string()
  .max(200, 'At most 200 characters')
  .refine((v) => !/[\r\n\0]/.test(v), { message: 'Cannot contain a line break' });

/** The knobs of one scenario, editable while it runs (Mailpit's chaos, MailHog's Jim, plus 4xx greylisting). */
export const ChaosKnobs = z.object({
  /** 450 4.7.1 for each new (client, sender, recipient) triplet until this has passed; 0: off. */
  greylistDelaySeconds: z
    .number()
    .int('Greylist delay must be a whole number of seconds')
    .min(0, 'Greylist delay cannot be negative')
    .max(86_400, 'Greylist delay is at most a day'),
  /** Share of RCPT TO commands refused with `rejectCode`, from 0 to 1. */
  rejectRate: z.number().min(0, 'Reject rate is from 0 to 1').max(1, 'Reject rate is from 0 to 1'),
  rejectCode: z
    .number()
    .int()
    .min(400, 'Reject code must be 4xx or 5xx')
    .max(599, 'Reject code must be 4xx or 5xx'),
  rejectText: noLineBreaks,
  /** Added before every reply, the banner included. */
  replyDelayMs: z
    .number()
    .int('Reply delay must be a whole number of milliseconds')
    .min(0, 'Reply delay cannot be negative')
    .max(120_000, 'Reply delay is at most 120 000 ms'),
  disconnectAt: DisconnectAt,
  offerStarttls: z.boolean(),
  /** Answer every RCPT TO with a provider's refusal (REFUSALS), word for word; "off": don't. */
  refuseAs: RefuseAs,
});
export type ChaosKnobs = z.infer<typeof ChaosKnobs>;

const enhancedAtStart = /^([245])\.\d{1,3}\.\d{1,3}(?=\s|$)/;
const classWords: Record<string, string> = {
  '2': 'a success',
  '4': 'a temporary',
  '5': 'a permanent',
};

/**
 * RFC 3463 §2: the enhanced code a reply's text starts with has the reply's class (451 with
 * 4.x.x, 550 with 5.x.x); a client takes any other as plain text. Checked when either knob
 * changes, and said at the reject text unless only the code changed. Main and the form ask.
 */
export function knobConflicts(
  knobs: ChaosKnobs,
  changed: readonly string[],
): { path: 'rejectCode' | 'rejectText'; message: string }[] {
  const codeChanged = changed.includes('rejectCode');
  if (!codeChanged && !changed.includes('rejectText')) return [];
  const enhanced = enhancedAtStart.exec(knobs.rejectText);
  const codeClass = String(knobs.rejectCode)[0] ?? '';
  if (!enhanced || enhanced[1] === codeClass) return [];
  const [code, status] = [enhanced[0], enhanced[1] ?? ''];
  return [
    {
      path: codeChanged && !changed.includes('rejectText') ? 'rejectCode' : 'rejectText',
      message: `Reply code ${knobs.rejectCode} is ${classWords[codeClass]} (${codeClass}xx) reply, but the text starts with ${code}, ${classWords[status]} (${status}.x.x) status: start the text with ${codeClass}.x.x or pick a ${status}xx code`,
    },
  ];
}

/** No chaos at all: what a scenario's knobs start from before its own. */
export const NO_CHAOS: ChaosKnobs = {
  greylistDelaySeconds: 0,
  rejectRate: 0,
  rejectCode: 550,
  rejectText: '5.7.1 Rejected by the sandbox (chaos: reject rate)',
  replyDelayMs: 0,
  disconnectAt: 'never',
  offerStarttls: true,
  refuseAs: 'off',
};

export const ChaosPatch = ChaosKnobs.partial().strict();
export type ChaosPatch = z.infer<typeof ChaosPatch>;

/** How one sandbox MX host behaves, before any chaos. */
export const HostBehaviour = z.enum([
  'accept',
  'refuse-connection',
  'greet-421',
  'known-users',
  'mailbox-full',
  /** Offers STARTTLS, answers it 220, then speaks plaintext where the TLS handshake should be. */
  'broken-tls',
  /** Takes the connection and never greets: a black-holed or overloaded host. */
  'silent',
]);
export type HostBehaviour = z.infer<typeof HostBehaviour>;

export const SandboxHost = z.object({
  host: z.string(),
  preference: z.number(),
  address: z.string(),
  port: z.number(),
  behaviour: HostBehaviour,
});

export const Scenario = z.object({
  domain: z.string(),
  title: z.string(),
  /** What a send to this domain shows, in a sentence. */
  description: z.string(),
  /** Empty for a null MX. */
  hosts: z.array(SandboxHost),
  nullMx: z.boolean(),
  knobs: ChaosKnobs,
});
export type Scenario = z.infer<typeof Scenario>;

export const SandboxInfo = z.object({
  running: z.boolean(),
  scenarios: z.array(Scenario),
  inboxCount: z.number().int(),
});
export type SandboxInfo = z.infer<typeof SandboxInfo>;

/** One message an embedded server accepted, as the inbox list shows it. */
/** The client that handed a message to a sandbox MX, as that server saw it. */
export const MessageClient = z.object({
  ip: z.string(),
  /** The name given in EHLO/HELO. */
  helo: z.string().nullable(),
  /** The session's TLS, null when it was plain text. */
  tls: z.object({ protocol: z.string().nullable(), cipher: z.string().nullable() }).nullable(),
});
export type MessageClient = z.infer<typeof MessageClient>;

export const InboxSummary = z.object({
  id: z.string(),
  receivedAt: z.iso.datetime(),
  /** The scenario domain and the MX host that took it. */
  scenario: z.string(),
  host: z.string(),
  mailFrom: z.string(),
  rcptTo: z.array(z.string()),
  from: z.string(),
  subject: z.string(),
  size: z.number().int(),
  /** The server closed without answering the final dot (drop): the client cannot know it arrived. */
  unacknowledged: z.boolean(),
  /** Null for messages stored before MXray kept it. */
  client: MessageClient.nullable().default(null),
});
export type InboxSummary = z.infer<typeof InboxSummary>;

export const InboxAttachment = z.object({
  filename: z.string().nullable(),
  contentType: z.string(),
  size: z.number().int(),
  /** The decoded content, base64. */
  base64: z.string(),
});

/** One inbox message read in full, parsed with mailparser. */
export const InboxMessage = InboxSummary.extend({
  /** Each header as received (unfolded); `decoded` when it has RFC 2047 encoded words. */
  headers: z.array(
    z.object({ name: z.string(), value: z.string(), decoded: z.string().optional() }),
  ),
  text: z.string().nullable(),
  html: z.string().nullable(),
  attachments: z.array(InboxAttachment),
  /** The exact bytes the server received, base64. */
  rawBase64: z.string(),
});
export type InboxMessage = z.infer<typeof InboxMessage>;
