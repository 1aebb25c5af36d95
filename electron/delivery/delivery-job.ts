import type { SendRequest } from '../../shared/send';
import type { SessionPlan } from '../smtp/phase-state';
import { type Stagger, staggerOf } from '../smtp/race-addresses';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../smtp/timeouts';
import { defaultHeloName, type PreparedSend } from './prepare-send';

/** Where a job goes: the one server it names, or each recipient domain's MX hosts. */
export type JobRoute =
  | { kind: 'server'; host: string; port: number }
  | { kind: 'mx'; port: number; dnsServers: string[] };

/**
 * One send of one composed message to some of its recipients: everything delivery needs, and
 * only that. The outbox makes one per attempt (the recipients still pending, the attempt
 * number it has reached); the CLI one per send.
 */
export interface DeliveryJob {
  messageId: string;
  /** The composed message; null when the session stops before DATA (a probe). */
  bytes: Buffer | null;
  mailFrom: string;
  recipients: string[];
  /** How the session talks: HELO, TLS, AUTH, PIPELINING, where it stops. */
  session: Omit<SessionPlan, 'transactions'>;
  timeouts: Timeouts;
  /** How the MX walk overlaps addresses that keep it waiting (race-addresses.ts). */
  stagger: Stagger;
  route: JobRoute;
  /** The number of the job's first attempt: a delivery's count goes on from its earlier tries. */
  firstAttempt: number;
}

export type ServerJob = DeliveryJob & { route: { kind: 'server' } };
export type MxJob = DeliveryJob & { route: { kind: 'mx' } };

/** The job for a request's composed message, to these recipients, numbered from here. */
export function jobOf(
  request: SendRequest,
  prepared: PreparedSend,
  recipients: string[] = request.envelope.rcptTo,
  firstAttempt = 1,
): DeliveryJob {
  const { session, route } = request;
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS };
  if (session.timeoutSeconds) {
    for (const key of Object.keys(timeouts) as (keyof Timeouts)[]) {
      if (key !== 'connect') timeouts[key] = session.timeoutSeconds * 1000;
    }
  }
  if (session.connectTimeoutSeconds) timeouts.connect = session.connectTimeoutSeconds * 1000;
  return {
    messageId: prepared.messageId,
    bytes: prepared.message,
    mailFrom: request.envelope.mailFrom,
    recipients,
    session: {
      heloName: session.helo ?? defaultHeloName(),
      tls: session.tls,
      tlsVerify: session.tlsVerify,
      auth: session.auth,
      quitAfter: session.quitAfter,
      pipelining: session.pipelining,
    },
    timeouts,
    stagger: staggerOf(session.staggerSeconds),
    route:
      route.kind === 'server'
        ? { kind: 'server', host: route.server.host, port: route.server.port }
        : { kind: 'mx', port: route.port, dnsServers: route.dnsServers },
    firstAttempt,
  };
}

/** The session plan of one try: the job's one transaction, to these of its recipients. */
export function planFor(job: DeliveryJob, rcptTo: string[] = job.recipients): SessionPlan {
  return { ...job.session, transactions: [{ mailFrom: job.mailFrom, rcptTo, message: job.bytes }] };
}
