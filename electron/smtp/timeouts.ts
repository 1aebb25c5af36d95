import type { TlsPolicy } from '../../shared/settings';
import type { Phase } from '../../shared/smtp';
import { duration } from './describe';
import { bodySent, type PhaseState, type TransactionEnd } from './phase-state';
import { IMPLICIT_PORT_BANNER_MS, IMPLICIT_TLS_PORT, timeoutEnd } from './session-endings';

/** How long to wait, in milliseconds, for each thing a session waits on. */
export interface Timeouts {
  connect: number;
  /** Waiting for the 220 greeting (RFC 5321 §4.5.3.2.1: 5 minutes). */
  banner: number;
  /** EHLO/HELO, STARTTLS, AUTH, RSET, QUIT replies (no RFC figure; 5 minutes like MAIL). */
  command: number;
  /** TLS handshake after STARTTLS's 220. */
  tlsHandshake: number;
  /** MAIL FROM reply (§4.5.3.2.2: 5 minutes). */
  mail: number;
  /** RCPT TO reply (§4.5.3.2.3: 5 minutes). */
  rcpt: number;
  /** DATA's 354 (§4.5.3.2.4: 2 minutes). */
  dataInit: number;
  /** Each block of the message written (§4.5.3.2.5: 3 minutes). */
  dataBlock: number;
  /** The reply to the final dot (§4.5.3.2.6: 10 minutes). */
  dataTermination: number;
}

const minutes = (n: number) => n * 60_000;

/** RFC 5321 §4.5.3.2 defaults. A timeout restarts whenever the server sends a byte. */
export const DEFAULT_TIMEOUTS: Timeouts = {
  connect: 30_000,
  banner: minutes(5),
  command: minutes(5),
  tlsHandshake: 60_000,
  mail: minutes(5),
  rcpt: minutes(5),
  dataInit: minutes(2),
  dataBlock: minutes(3),
  dataTermination: minutes(10),
};

/** How long we wait for the reply to QUIT before simply closing. */
export const QUIT_WAIT_MS = 10_000;

/** The timeout that applies while waiting on `phase`. */
export const timeoutFor = (phase: Phase, t: Timeouts): number =>
  ({
    dns: t.connect, // never a session's phase: the route is looked up before it starts
    connect: t.connect,
    banner: t.banner,
    ehlo: t.command,
    helo: t.command,
    starttls: t.command,
    auth: t.command,
    mail: t.mail,
    rcpt: t.rcpt,
    data: t.dataInit,
    body: t.dataBlock,
    rset: t.command,
    quit: Math.min(t.command, QUIT_WAIT_MS),
  })[phase];

/** Every timeout the same: what `--timeout SECONDS` asks for. */
export function uniformTimeouts(ms: number, connect = DEFAULT_TIMEOUTS.connect): Timeouts {
  return {
    connect,
    banner: ms,
    command: ms,
    tlsHandshake: ms,
    mail: ms,
    rcpt: ms,
    dataInit: ms,
    dataBlock: ms,
    dataTermination: ms,
  };
}

/** What one session's waits depend on: its timeouts, and where it connects and how. */
export interface Waits {
  timeouts: Timeouts;
  /** Plaintext on the implicit-TLS port: the server is likely waiting for our TLS hello. */
  tlsFirstPort: boolean;
}

export function sessionWaits(port: number, tls: TlsPolicy, timeouts?: Partial<Timeouts>): Waits {
  return {
    timeouts: { ...DEFAULT_TIMEOUTS, ...timeouts },
    tlsFirstPort: port === IMPLICIT_TLS_PORT && tls !== 'implicit',
  };
}

/**
 * The wait for the next reply in `phase`. Once the body has gone, the reply to the final dot
 * gets its own ten minutes. On the implicit-TLS port a plaintext client meets silence (the
 * server waits for our TLS hello: `tlsFirstPort`), so the greeting's wait is cut short there.
 */
export function replyWait(phase: Phase, w: Waits, s: PhaseState): number {
  if (phase === 'body' && bodySent(s)) return w.timeouts.dataTermination;
  if (phase === 'banner' && w.tlsFirstPort)
    return Math.min(IMPLICIT_PORT_BANNER_MS, w.timeouts.banner);
  return timeoutFor(phase, w.timeouts);
}

/** How waiting in `phase` ended with no reply, `midReply` when one had begun. */
export function timedOut(phase: Phase, w: Waits, s: PhaseState, midReply: boolean): TransactionEnd {
  const wait = duration(replyWait(phase, w, s));
  return timeoutEnd(phase, wait, bodySent(s), midReply, w.tlsFirstPort);
}

/** What a TLS handshake that never ended failed with. */
export const handshakeTimeout = (w: Waits): Error =>
  new Error(`no handshake within ${duration(w.timeouts.tlsHandshake)}`);
