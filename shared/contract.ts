import { z } from 'zod';
import { AppInfo } from './app-info';
import { DomainReport, ReportStart } from './domain-report';
import { MxRoute } from './mx';
import { OutboxDelivery, OutboxStats } from './outbox';
import { ChaosPatch, InboxMessage, InboxSummary, SandboxInfo, Scenario } from './sandbox';
import { AttemptRecord, SendReport, SendRequest } from './send';
import { Settings, SettingsPatch } from './settings';
import { Phase, PhaseTiming, TlsDetails, TranscriptLine } from './smtp';
import { VerifyResult, VerifyRun, VerifyStart } from './verify';

const NoPayload = z.object({}).strict();
const ById = z.object({ id: z.string().min(1).max(64) }).strict();

export const SendInfo = z.object({
  id: z.string(),
  phase: Phase,
  host: z.string(),
  port: z.number(),
  tls: z.boolean(),
  elapsedMs: z.number(),
  phaseElapsedMs: z.number(),
});

/**
 * Every request the renderer can make, with its payload and response schemas.
 * The single source of truth: transports, preload and client derive their channels from it.
 */
export const requests = {
  'app.info': { request: NoPayload, response: AppInfo },
  'settings.get': { request: NoPayload, response: Settings },
  'settings.set': { request: SettingsPatch, response: Settings },
  /** Start sending one message to one server; progress arrives as send.* events. */
  'send.start': {
    request: SendRequest,
    response: z.object({ id: z.string(), messageId: z.string() }),
  },
  /** Stop a running send now (the seed's `stop`). */
  'send.cancel': { request: ById, response: z.object({ cancelled: z.boolean() }) },
  /** Where a running send is (the seed's `info`); null once it has finished. */
  'send.info': { request: ById, response: SendInfo.nullable() },
  /** How mail to a domain would be routed (`mxray mx`), with the DNS servers from Settings. */
  'mx.lookup': {
    request: z.object({ domain: z.string().min(1).max(253) }).strict(),
    response: MxRoute,
  },
  /** The exact bytes of a recent send's message (the transcript shows headers and size only). */
  'send.message': {
    request: ById,
    response: z.object({ messageId: z.string(), size: z.number(), base64: z.string() }).nullable(),
  },
  /** Queue a message: retried on deferral until delivered, bounced or cancelled. */
  'outbox.enqueue': {
    request: SendRequest,
    response: z.object({ messageId: z.string(), deliveries: z.array(OutboxDelivery) }),
  },
  'outbox.list': { request: NoPayload, response: z.array(OutboxDelivery) },
  'outbox.get': { request: ById, response: OutboxDelivery.nullable() },
  /** Every attempt's transcript of one delivery (kept on disk, so asked for apart). */
  'outbox.transcript': { request: ById, response: z.array(TranscriptLine) },
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
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

/**
 * Every event main pushes to the renderer. The send.* progress events carry the id of a
 * send.start send or of an outbox delivery: the same session events, whoever started it.
 */
export const events = {
  /** Settings changed, by any client; carries the whole new settings. */
  'settings.changed': Settings,
  'send.transcript': z.object({ id: z.string(), line: TranscriptLine }),
  'send.phase': z.object({ id: z.string(), phase: Phase, at: z.string() }),
  'send.timing': z.object({ id: z.string(), timing: PhaseTiming }),
  'send.tls': z.object({ id: z.string(), tls: TlsDetails }),
  'send.done': z.object({ id: z.string(), report: SendReport }),
  /** Where a direct delivery goes: the domain's MX hosts in the order they will be tried. */
  'send.route': z.object({ id: z.string(), route: MxRoute }),
  /** One attempt at one address finished: the failover path grows by one node. */
  'send.attempt': z.object({ id: z.string(), attempt: AttemptRecord }),
  /** A delivery changed state (queued, sending, deferred with its nextAttemptAt, done…). */
  'outbox.changed': z.object({ delivery: OutboxDelivery }),
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
