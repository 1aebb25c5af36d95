import type {
  AttemptOutcome,
  Phase,
  PhaseTiming,
  RecipientResult,
  Reply,
  TlsDetails,
  TranscriptLine,
} from '../../shared/smtp';
import type { Capabilities } from './capabilities';
import type { RefusedAt } from './phase-state';
import type { SessionPlan } from './phases';
import type { Timeouts } from './timeouts';

export interface SessionOptions {
  /** The address (or name) to connect to. */
  host: string;
  port: number;
  /** The MX host name: sent as SNI and checked against the certificate. */
  servername?: string | null;
  plan: SessionPlan;
  timeouts?: Partial<Timeouts>;
  /** Attempt number shown on transcript lines. */
  attempt?: number;
  /** Extra certificate authorities to trust (private CAs, tests). */
  ca?: string | Buffer | (string | Buffer)[];
  localAddress?: string;
  /** Keep digests of the presented certificate chain in TlsDetails (for DANE; costs hashing). */
  chainDigests?: boolean;
  onEvent?: (event: SessionEvent) => void;
  /**
   * Called when the server greets with 220, before EHLO: resolves true to go on, false to QUIT
   * (another address of a staggered walk won; race-addresses.ts). Absent: go on at once.
   */
  atGreeting?: () => Promise<boolean>;
}

export type SessionEvent =
  | { type: 'transcript'; line: TranscriptLine }
  | { type: 'phase'; phase: Phase; at: string }
  | { type: 'timing'; timing: PhaseTiming; attempt: number }
  | { type: 'tls'; tls: TlsDetails }
  /**
   * Recipients whose fate a transaction just sealed (delivered or bounced), the moment the
   * deciding reply arrives: before QUIT and before any other MX, so it can be stored at once.
   */
  | { type: 'settled'; recipients: RecipientResult[] }
  | { type: 'done'; result: SessionResult };

export interface TransactionResult {
  outcome: AttemptOutcome;
  reason: string;
  reply: Reply | null;
  /** The command whose refusal decided it (TransactionEnd.refusedAt). */
  refusedAt: RefusedAt | null;
  recipients: RecipientResult[];
}

export interface SessionResult {
  host: string;
  port: number;
  /** The IP address actually connected to, once connected. */
  address: string | null;
  outcome: AttemptOutcome;
  /** Where the session ended. */
  phase: Phase;
  reply: Reply | null;
  /** One sentence for a person: what happened and why. */
  reason: string;
  /** Every recipient of every transaction, in order. */
  recipients: RecipientResult[];
  transactions: TransactionResult[];
  tls: TlsDetails | null;
  capabilities: Capabilities | null;
  /**
   * The address the server said it sees this client as, in its greeting or EHLO reply
   * ("Hello name [203.0.113.5]"); null when it said none. Optional: results built elsewhere lack it.
   */
  clientAddress?: string | null;
  timings: PhaseTiming[];
  transcript: TranscriptLine[];
  startedAt: string;
  endedAt: string;
  /** STARTTLS's handshake failed under an opportunistic policy: plaintext may work. */
  tlsHandshakeFailed: boolean;
  /** Set when the attempt went on in plaintext after that failure: why the handshake failed. */
  tlsDowngrade?: string;
}

export interface SessionInfo {
  phase: Phase;
  host: string;
  port: number;
  tls: boolean;
  elapsedMs: number;
  phaseElapsedMs: number;
}
