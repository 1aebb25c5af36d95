import { z } from 'zod';
import { MxRoute } from './mx';
import { AttemptRecord, QuitAfter } from './send';
import { Phase, PhaseTiming, RecipientResult, TlsDetails } from './smtp';

export const DeliveryStatus = z.enum(['queued', 'sending', 'deferred', 'done', 'cancelled']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** One message to one recipient domain, as the outbox schedules it. */
export const OutboxDelivery = z.object({
  id: z.string(),
  messageId: z.string(),
  domain: z.string().nullable(),
  status: DeliveryStatus,
  createdAt: z.iso.datetime(),
  /** When the next attempt is due; the renderer counts down from it, nothing ticks over IPC. */
  nextAttemptAt: z.iso.datetime().nullable(),
  recipients: z.array(
    z.object({
      address: z.string(),
      /** probed: a probe (quit after RCPT, say) ended there, as asked; nothing was sent. */
      status: z.enum(['pending', 'delivered', 'bounced', 'deferred', 'probed']),
      tries: z.number().int(),
      result: RecipientResult.nullable(),
    }),
  ),
  attempts: z.array(AttemptRecord),
  warnings: z.array(z.string()),
  subject: z.string(),
  mailFrom: z.string(),
  routeKind: z.enum(['mx', 'server']),
  /** HOST:PORT of the relay, for a send through a server. */
  server: z.string().nullable(),
  /** Set for a probe: the session stops there and no message is sent. */
  quitAfter: QuitAfter.nullable(),
  /** The domain's MX hosts as last resolved, in the order they are tried. */
  route: MxRoute.nullable(),
  /** While a session runs (the seed's `info`): where it is and for how long. */
  session: z
    .object({
      phase: Phase,
      host: z.string(),
      elapsedMs: z.number(),
      phaseElapsedMs: z.number(),
    })
    .nullable(),
});
export type OutboxDelivery = z.infer<typeof OutboxDelivery>;

const Counts = z.object({
  delivered: z.number().int(),
  probed: z.number().int(),
  bounced: z.number().int(),
  deferred: z.number().int(),
  inFlight: z.number().int(),
});

/** The seed's mail_stats: recipients by state, per domain, and how long delivery took. */
export const OutboxStats = z.object({
  paused: z.boolean(),
  /** Why the outbox cannot write to disk (a full disk, say): nothing starts until it can. */
  storageError: z.string().nullable(),
  recipients: Counts,
  perDomain: z.record(z.string(), Counts),
  /**
   * Each destination with mail (a recipient domain, or a relay's HOST:PORT): sessions running
   * now and how many it may have, as its servers' replies have set it (421s halve it).
   */
  destinations: z
    .record(z.string(), z.object({ running: z.number().int(), window: z.number().int() }))
    .default({}),
  /** Milliseconds from enqueue to delivery, over delivered recipients; null with none. */
  latencyMs: z.object({
    p50: z.number().nullable(),
    p90: z.number().nullable(),
    p99: z.number().nullable(),
  }),
});
export type OutboxStats = z.infer<typeof OutboxStats>;

/** What a running session has shown so far beyond its transcript: the waterfall and TLS. */
/** A phase timing of a running session, with the attempt it belongs to (raced ones overlap). */
export const LiveTiming = PhaseTiming.extend({ attempt: z.number().int().min(1) });
export type LiveTiming = z.infer<typeof LiveTiming>;

export const LiveSession = z.object({
  /** Every running session's timings so far (several while a staggered connect races them). */
  timings: z.array(LiveTiming),
  tls: TlsDetails.nullable(),
});
export type LiveSession = z.infer<typeof LiveSession>;
