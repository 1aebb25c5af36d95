import type { QuitAfter } from '../../shared/send';
import type { TlsPolicy } from '../../shared/settings';
import type { AttemptOutcome, Phase, Reply } from '../../shared/smtp';
import type { Capabilities } from './capabilities';
import type * as cmd from './commands';
import type { ParsedReply } from './reply-parser';
import { isTransient, type Transaction, type TransactionReplies } from './transaction';

/** Phases after which `quitAfter` may stop a session (CLI.md `--quit-after`): the contract's. */
export type { QuitAfter } from '../../shared/send';

/** What a session was asked to do; fixed for its whole life. */
export interface SessionPlan {
  heloName: string;
  tls: TlsPolicy;
  /** Fail unless the certificate verifies for the host name (with tls: require). */
  tlsVerify: boolean;
  auth: { user: string; pass: string } | null;
  transactions: Transaction[];
  quitAfter: QuitAfter | null;
  /** Use PIPELINING (RFC 2920) when the server offers it. */
  pipelining: boolean;
}

/**
 * What refused a transaction: the server's reply to MAIL, to every RCPT or to DATA, or MXray
 * itself before asking (the server lacks SMTPUTF8, or SIZE is too small).
 */
export type RefusedAt = 'mail' | 'rcpt' | 'data' | 'local';

export interface TransactionEnd {
  outcome: AttemptOutcome;
  reason: string;
  reply: Reply | null;
  /**
   * Which command the server refused, when that decided the transaction: decisions read this,
   * never the sentence in `reason`.
   */
  refusedAt?: RefusedAt;
  /** Before any transaction, an end that decides every recipient of this send for good (535 to AUTH, no AUTH to use). */
  refusesAll?: true;
  /** STARTTLS's handshake failed under an opportunistic policy: a plaintext session may work. */
  plaintextMayWork?: true;
}

/** The session's business decided: how, and in which phase. The first decision holds. */
export interface Decision {
  end: TransactionEnd;
  phase: Phase;
}

export interface PhaseState {
  plan: SessionPlan;
  /** Set once the session's business is decided; afterwards only QUIT and closing remain. */
  decided: Decision | null;
  tlsActive: boolean;
  triedStartTls: boolean;
  capabilities: Capabilities | null;
  /** The client address the greeting or EHLO/HELO reply stated (sendingIpFromReply), if any. */
  clientAddress?: string | null;
  /** The AUTH methods the EHLO before STARTTLS offered; null until STARTTLS succeeded. */
  authBeforeTls?: string[] | null;
  authenticated: boolean;
  /** AUTH LOGIN: 1 after "AUTH LOGIN", 2 after the user name. */
  authLoginStep: 0 | 1 | 2;
  txIndex: number;
  replies: TransactionReplies[];
  ends: TransactionEnd[];
  /** Which RCPT of the current transaction the next rcpt reply answers. */
  rcptIndex: number;
  /** The current transaction's MAIL, RCPTs (and DATA) went out in one write. */
  pipelined: boolean;
  /** A lone "." answered a 354 because no recipient was accepted. */
  abortingData: boolean;
}

export type Step =
  /** Write these commands; the next reply belongs to `expect`. */
  | { kind: 'send'; commands: cmd.Command[]; expect: Phase }
  /** Write nothing (the command already went out pipelined); the next reply belongs to `expect`. */
  | { kind: 'await'; expect: Phase }
  /** The server said go ahead with TLS: the loop upgrades the socket, then calls afterTls. */
  | { kind: 'starttls' }
  /**
   * Write the message (already CRLF-safe and dot-stuffed, ending in ".\r\n"). With `quit`,
   * QUIT goes in the same write: RFC 2920 §3.1 lets message content open a pipelined group and
   * QUIT close it, which saves a round trip when this is the session's last transaction.
   */
  | { kind: 'send-body'; body: Buffer; size: number; quit: boolean }
  /** The session's business is over: QUIT (or just close when `quit` is false). */
  | { kind: 'finish'; end: TransactionEnd; quit: boolean };

export interface Transition {
  state: PhaseState;
  step: Step;
}

export type ReplyPhase = Exclude<Phase, 'dns' | 'connect' | 'quit'>;
export const isReplyPhase = (phase: Phase): phase is ReplyPhase =>
  phase !== 'connect' && phase !== 'quit';
export type PhaseFn = (reply: ParsedReply, state: PhaseState) => Transition;

export function initialState(plan: SessionPlan): PhaseState {
  return {
    plan,
    decided: null,
    tlsActive: false,
    triedStartTls: false,
    capabilities: null,
    authenticated: false,
    authLoginStep: 0,
    txIndex: 0,
    replies: [],
    ends: [],
    rcptIndex: 0,
    pipelined: false,
    abortingData: false,
  };
}

export const send = (state: PhaseState, commands: cmd.Command[], expect: Phase): Transition => ({
  state,
  step: { kind: 'send', commands, expect },
});
export const finish = (state: PhaseState, end: TransactionEnd, quit = true): Transition => ({
  state,
  step: { kind: 'finish', end, quit },
});
export const failure = (reply: Reply): AttemptOutcome =>
  isTransient(reply) ? 'deferred' : 'rejected';

/** "421 4.3.2 Service shutting down" in one line, for reasons. */
export function replyLine(reply: Reply): string {
  const first = reply.text.split('\n')[0] ?? '';
  return `${reply.code} ${first}`.trim();
}

export function current(state: PhaseState): { tx: Transaction; replies: TransactionReplies } {
  const tx = state.plan.transactions[state.txIndex];
  const replies = state.replies[state.txIndex];
  if (!tx || !replies) throw new Error(`no transaction ${state.txIndex}`);
  return { tx, replies };
}

export function withReplies(state: PhaseState, update: Partial<TransactionReplies>): PhaseState {
  const replies = state.replies.slice();
  replies[state.txIndex] = { ...current(state).replies, ...update };
  return { ...state, replies };
}

export function quitAfterEnd(phase: QuitAfter, reply: Reply): TransactionEnd {
  return {
    outcome: 'quit-after',
    reason: `Stopped after ${phase.toUpperCase()}, as asked.`,
    reply,
  };
}

/** Record that the body went out in full (the loop calls this once the write completes). */
export function markBodySent(s: PhaseState): PhaseState {
  return withReplies(s, { bodySent: true });
}

/** The current transaction's body went out in full: its reply is the final dot's. */
export const bodySent = (s: PhaseState): boolean => s.replies[s.txIndex]?.bodySent === true;

/** The session's business is decided with `end` in `phase`, unless it already was. */
export function decide(s: PhaseState, end: TransactionEnd, phase: Phase): PhaseState {
  return s.decided ? s : { ...s, decided: { end, phase } };
}
