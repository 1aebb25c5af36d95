import { z } from 'zod';
import { AppInfo } from './app-info';
import { DkimGenerate, DkimImport, DkimKeyInfo } from './dkim';
import { DomainReport, ReportStart } from './domain-report';
import { MessageReport, MessageReportRequest } from './message-report';
import { MxRoute } from './mx';
import { LiveSession, LiveTiming, OutboxDelivery, OutboxStats } from './outbox';
import { ChaosPatch, InboxMessage, InboxSummary, SandboxInfo, Scenario } from './sandbox';
import { SendRequest } from './send';
import { Settings, SettingsPatch } from './settings';
import { TlsDetails, TranscriptLine } from './smtp';
import { VerifyResult, VerifyRun, VerifyStart } from './verify';

const NoPayload = z.object({}).strict();
const ById = z.object({ id: z.string().min(1).max(64) }).strict();

/**
 * Every request the renderer can make, with its payload and response schemas.
 * The single source of truth: transports, preload and client derive their channels from it.
 */
export const requests = {
  'app.info': { request: NoPayload, response: AppInfo },
  'settings.get': { request: NoPayload, response: Settings },
  'settings.set': { request: SettingsPatch, response: Settings },
  /** How mail to a domain would be routed (`mxray mx`), with the DNS servers from Settings. */
  'mx.lookup': {
    request: z.object({ domain: z.string().min(1).max(253) }).strict(),
    response: MxRoute,
  },
  /** Queue a message: retried on deferral until delivered, bounced or cancelled. */
  'outbox.enqueue': {
    request: SendRequest,
    response: z.object({ messageId: z.string(), deliveries: z.array(OutboxDelivery) }),
  },
  'outbox.list': { request: NoPayload, response: z.array(OutboxDelivery) },
  'outbox.get': { request: ById, response: OutboxDelivery.nullable() },
  /**
   * A delivery's transcript, every attempt, as one append-only list: the lines from number
   * `after` on (0: all), stored and live. `next` is the number the next line will have; live
   * lines arrive as delivery.transcript events carrying their number, so a page catches up
   * with one request and never counts a line twice.
   */
  'outbox.transcript': {
    request: z
      .object({ id: z.string().min(1).max(64), after: z.number().int().min(0).default(0) })
      .strict(),
    response: z.object({ lines: z.array(TranscriptLine), next: z.number().int() }),
  },
  /**
   * This window shows this delivery (null: none): its live events (delivery.transcript,
   * delivery.timing, delivery.tls) come to this window only. Returns the running session's
   * phase timings and TLS so far, or null when none runs.
   */
  'outbox.follow': {
    request: z.object({ id: z.string().min(1).max(64).nullable() }).strict(),
    response: z.object({ live: LiveSession.nullable() }),
  },
  /** The seed's `flush`: a deferred delivery goes now. */
  'outbox.retryNow': { request: ById, response: z.object({ ok: z.boolean() }) },
  /** The seed's `stop`: cancels a waiting or running delivery. */
  'outbox.cancel': { request: ById, response: z.object({ ok: z.boolean() }) },
  'outbox.pause': {
    request: z.object({ paused: z.boolean() }).strict(),
    response: z.object({ paused: z.boolean() }),
  },
  'outbox.stats': { request: NoPayload, response: OutboxStats },
  /** A delivery's message, byte for byte (for .eml export); null for a probe or before composing. */
  'outbox.message': {
    request: ById,
    response: z.object({ messageId: z.string(), size: z.number(), base64: z.string() }).nullable(),
  },
  /** The request a delivery came from, AUTH password withheld ("copy as swaks", send again). */
  'outbox.request': { request: ById, response: SendRequest.nullable() },
  /** The embedded scenario MX servers: domains, hosts and ports, and each one's chaos knobs. */
  'sandbox.info': { request: NoPayload, response: SandboxInfo },
  /** Change a scenario's chaos knobs while it runs; the next connection or command sees them. */
  'sandbox.setKnobs': {
    request: z.object({ domain: z.string().min(1).max(253), knobs: ChaosPatch }).strict(),
    response: Scenario,
  },
  'sandbox.resetKnobs': {
    request: z.object({ domain: z.string().min(1).max(253) }).strict(),
    response: Scenario,
  },
  /** What the embedded servers accepted, newest first. */
  'sandbox.inbox.list': { request: NoPayload, response: z.array(InboxSummary) },
  'sandbox.inbox.get': { request: ById, response: InboxMessage.nullable() },
  'sandbox.inbox.delete': { request: ById, response: z.object({ ok: z.boolean() }) },
  'sandbox.inbox.clear': { request: NoPayload, response: z.object({ deleted: z.number() }) },
  /** Does each address exist? RCPT probes, never DATA; results arrive as verify.result events. */
  'verify.start': {
    request: VerifyStart,
    response: z.object({ id: z.string(), total: z.number() }),
  },
  'verify.get': { request: ById, response: VerifyRun.nullable() },
  'verify.cancel': { request: ById, response: z.object({ ok: z.boolean() }) },
  /** One probe session's transcript (a run keeps them while it is among the recent runs). */
  'verify.transcript': {
    request: z.object({ id: z.string().min(1).max(64), session: z.number().int().min(1) }).strict(),
    response: z.array(TranscriptLine),
  },
  /** Check a domain before sending: MX health matrix, TLS, MTA-STS, TLS-RPT, DANE, SPF, DMARC. */
  'report.start': {
    request: ReportStart,
    response: z.object({ id: z.string(), report: DomainReport }),
  },
  'report.get': { request: ById, response: DomainReport.nullable() },
  'report.cancel': { request: ById, response: z.object({ ok: z.boolean() }) },
  /**
   * DKIM signing keys (a send names one: SendRequest.dkim.keyId). Every answer is the key's
   * public facts and the TXT record to publish; the private key never leaves main.
   */
  /**
   * How a receiving MX would judge a message: a sandbox inbox message, a pasted .eml, or a
   * draft (composed and signed as the outbox would, not sent).
   */
  'message.report': { request: MessageReportRequest, response: MessageReport },
  'dkim.keys.list': { request: NoPayload, response: z.array(DkimKeyInfo) },
  /** A new key (RSA 2048 by default, 3072, 4096, or Ed25519), stored sealed. */
  'dkim.keys.generate': { request: DkimGenerate, response: DkimKeyInfo },
  /** A PEM private key the user has (RSA of 1024 bits or more, or Ed25519), stored sealed. */
  'dkim.keys.import': { request: DkimImport, response: DkimKeyInfo },
  'dkim.keys.delete': { request: ById, response: z.object({ ok: z.boolean() }) },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

/**
 * Every event main pushes to the renderer. delivery.changed goes to every window; the live
 * detail of a running delivery (followedEvents) only to the windows that follow it.
 */
export const events = {
  /** Settings changed, by any client; carries the whole new settings. */
  'settings.changed': Settings,
  /** One line of a delivery's transcript, numbered in the delivery's one list (outbox.transcript). */
  'delivery.transcript': z.object({ id: z.string(), seq: z.number().int(), line: TranscriptLine }),
  /** A phase of the running session ended: the waterfall grows. */
  'delivery.timing': z.object({ id: z.string(), timing: LiveTiming }),
  /** The running session's TLS handshake finished. */
  'delivery.tls': z.object({ id: z.string(), tls: TlsDetails }),
  /**
   * A delivery changed: state, route, an attempt ended (the failover path grows), a verdict.
   * The whole delivery, without its transcript.
   */
  'delivery.changed': z.object({ delivery: OutboxDelivery }),
  /** Finished deliveries removed by history pruning (Settings, History). */
  'outbox.removed': z.object({ ids: z.array(z.string()) }),
  /** The store started or stopped refusing writes (a full disk): outbox.stats says why. */
  'outbox.storage': z.object({ error: z.string().nullable() }),
  /** An embedded server accepted a message. */
  'sandbox.received': z.object({ message: InboxSummary }),
  /** A scenario's chaos knobs changed, by any client. */
  'sandbox.changed': z.object({ scenario: Scenario }),
  /** An address's verdict (again, when a greylisted address is probed a second time). */
  'verify.result': z.object({ id: z.string(), result: VerifyResult }),
  'verify.done': z.object({ id: z.string() }),
  /** A domain report moved on (a probe or a check finished): the whole report, it is small. */
  'report.changed': z.object({ report: DomainReport }),
} as const satisfies Record<string, z.ZodType>;

/** Events sent only to the windows that follow their delivery (outbox.follow). */
export const followedEvents: ReadonlySet<EventName> = new Set<EventName>([
  'delivery.transcript',
  'delivery.timing',
  'delivery.tls',
]);

export type RequestChannel = keyof typeof requests;
export type EventName = keyof typeof events;
export type RequestOf<C extends RequestChannel> = z.input<(typeof requests)[C]['request']>;
export type ParsedRequestOf<C extends RequestChannel> = z.output<(typeof requests)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requests)[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export type EventMessage = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export const requestChannels = Object.keys(requests) as RequestChannel[];

export function isRequestChannel(name: string): name is RequestChannel {
  return Object.hasOwn(requests, name);
}
