import type { TlsPolicy } from '../../shared/settings';
import type { AttemptOutcome, Phase, Reply } from '../../shared/smtp';
import { type Capabilities, heloCapabilities, parseCapabilities } from './capabilities';
import * as cmd from './commands';
import { hasEightBitBytes, toDataBlock } from './data-block';
import type { ParsedReply } from './reply-parser';
import {
  emptyReplies,
  isPositive,
  isTransient,
  needsSmtpUtf8,
  type Transaction,
  type TransactionReplies,
} from './transaction';

/** Phases after which `quitAfter` may stop a session (CLI.md `--quit-after`). */
export type QuitAfter =
  | 'connect'
  | 'banner'
  | 'ehlo'
  | 'starttls'
  | 'auth'
  | 'mail'
  | 'rcpt'
  | 'data';

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

export interface TransactionEnd {
  outcome: AttemptOutcome;
  reason: string;
  reply: Reply | null;
}

export interface PhaseState {
  plan: SessionPlan;
  tlsActive: boolean;
  triedStartTls: boolean;
  capabilities: Capabilities | null;
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

export type ReplyPhase = Exclude<Phase, 'connect' | 'quit'>;
export type PhaseFn = (reply: ParsedReply, state: PhaseState) => Transition;

export function initialState(plan: SessionPlan): PhaseState {
  return {
    plan,
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

const send = (state: PhaseState, commands: cmd.Command[], expect: Phase): Transition => ({
  state,
  step: { kind: 'send', commands, expect },
});
const finish = (state: PhaseState, end: TransactionEnd, quit = true): Transition => ({
  state,
  step: { kind: 'finish', end, quit },
});
const failure = (reply: Reply): AttemptOutcome => (isTransient(reply) ? 'deferred' : 'rejected');

/** "421 4.3.2 Service shutting down" in one line, for reasons. */
export function replyLine(reply: Reply): string {
  const first = reply.text.split('\n')[0] ?? '';
  return `${reply.code} ${first}`.trim();
}

function current(state: PhaseState): { tx: Transaction; replies: TransactionReplies } {
  const tx = state.plan.transactions[state.txIndex];
  const replies = state.replies[state.txIndex];
  if (!tx || !replies) throw new Error(`no transaction ${state.txIndex}`);
  return { tx, replies };
}

function withReplies(state: PhaseState, update: Partial<TransactionReplies>): PhaseState {
  const replies = state.replies.slice();
  replies[state.txIndex] = { ...current(state).replies, ...update };
  return { ...state, replies };
}

// ---- greeting, EHLO/HELO, STARTTLS, AUTH -------------------------------------------------

const banner: PhaseFn = (reply, s) => {
  if (reply.code !== 220) {
    return finish(s, {
      outcome: 'greeting-rejected',
      reason: `The server refused the session in its greeting: ${replyLine(reply)}`,
      reply,
    });
  }
  if (s.plan.quitAfter === 'banner') return finish(s, quitAfterEnd('banner', reply));
  return send(s, [cmd.ehlo(s.plan.heloName)], 'ehlo');
};

const ehlo: PhaseFn = (reply, s) => {
  if (reply.code === 250)
    return afterGreeting({ ...s, capabilities: parseCapabilities(reply.lines) }, reply);
  // 500/502 (and other 5xx): an RFC 821 server, or one that dislikes EHLO. HELO still works.
  if (reply.code >= 500) return send(s, [cmd.helo(s.plan.heloName)], 'helo');
  return finish(s, {
    outcome: failure(reply),
    reason: `EHLO was refused: ${replyLine(reply)}`,
    reply,
  });
};

const helo: PhaseFn = (reply, s) => {
  if (reply.code !== 250) {
    return finish(s, {
      outcome: failure(reply),
      reason: `HELO was refused: ${replyLine(reply)}`,
      reply,
    });
  }
  return afterGreeting({ ...s, capabilities: heloCapabilities(reply.lines[0] ?? '') }, reply);
};

function afterGreeting(s: PhaseState, reply: Reply): Transition {
  const { plan, capabilities } = s;
  const offersTls = capabilities?.startTls === true;
  if (plan.quitAfter === 'ehlo') return finish(s, quitAfterEnd('ehlo', reply));
  if (!s.tlsActive && !s.triedStartTls && plan.tls !== 'off' && offersTls) {
    return send({ ...s, triedStartTls: true }, [cmd.starttls()], 'starttls');
  }
  if (!s.tlsActive && plan.tls === 'require') {
    return finish(s, {
      outcome: 'tls-failed',
      reason: offersTls
        ? 'STARTTLS did not succeed, and TLS is required.'
        : 'The server does not offer STARTTLS, and TLS is required.',
      reply,
    });
  }
  if (plan.quitAfter === 'starttls') return finish(s, quitAfterEnd('starttls', reply));
  if (plan.auth && !s.authenticated) return startAuth(s, reply);
  return startTransaction(s);
}

/** Called by the loop once the TLS handshake is done: start over with EHLO (RFC 3207 §4.2). */
export function afterTls(s: PhaseState): Transition {
  return send({ ...s, tlsActive: true, capabilities: null }, [cmd.ehlo(s.plan.heloName)], 'ehlo');
}

const starttls: PhaseFn = (reply, s) => {
  if (reply.code === 220) return { state: s, step: { kind: 'starttls' } };
  if (s.plan.tls === 'require') {
    return finish(s, {
      outcome: 'tls-failed',
      reason: `STARTTLS was refused: ${replyLine(reply)}`,
      reply,
    });
  }
  return afterGreeting(s, reply); // opportunistic: carry on in plaintext
};

function startAuth(s: PhaseState, reply: Reply): Transition {
  const auth = s.plan.auth;
  const methods = s.capabilities?.auth ?? [];
  if (!auth) return startTransaction(s);
  if (!s.tlsActive && s.plan.tls !== 'off') {
    return finish(s, {
      outcome: 'rejected',
      reason:
        'Refusing to send AUTH credentials over an unencrypted connection (use TLS policy "off" to allow it).',
      reply,
    });
  }
  if (methods.includes('PLAIN')) return send(s, [cmd.authPlain(auth.user, auth.pass)], 'auth');
  if (methods.includes('LOGIN')) return send({ ...s, authLoginStep: 1 }, [cmd.authLogin()], 'auth');
  return finish(s, {
    outcome: 'rejected',
    reason: methods.length
      ? `The server offers AUTH ${methods.join(' ')}; MXray speaks PLAIN and LOGIN.`
      : 'The server does not offer AUTH.',
    reply,
  });
}

const auth: PhaseFn = (reply, s) => {
  const creds = s.plan.auth;
  if (reply.code === 334 && creds && s.authLoginStep === 1) {
    return send({ ...s, authLoginStep: 2 }, [cmd.authLoginStep(creds.user, 'user name')], 'auth');
  }
  if (reply.code === 334 && creds && s.authLoginStep === 2) {
    return send({ ...s, authLoginStep: 0 }, [cmd.authLoginStep(creds.pass, 'password')], 'auth');
  }
  if (reply.code === 235) {
    const next = { ...s, authenticated: true, authLoginStep: 0 as const };
    if (s.plan.quitAfter === 'auth') return finish(next, quitAfterEnd('auth', reply));
    return startTransaction(next);
  }
  return finish(s, {
    outcome: failure(reply),
    reason: `Authentication failed: ${replyLine(reply)}`,
    reply,
  });
};

// ---- the mail transaction -----------------------------------------------------------------

function startTransaction(s: PhaseState): Transition {
  const tx = s.plan.transactions[s.txIndex];
  if (!tx) throw new Error('startTransaction past the last transaction');
  const state: PhaseState = {
    ...s,
    replies: [...s.replies, emptyReplies(tx.rcptTo.length)],
    rcptIndex: 0,
  };
  const caps = state.capabilities;
  const utf8 = needsSmtpUtf8(tx);
  if (utf8 && !caps?.smtpUtf8) {
    return endTransaction(state, {
      outcome: 'rejected',
      reason:
        'An address is not ASCII, so it needs SMTPUTF8, and this server does not offer SMTPUTF8.',
      reply: null,
    });
  }
  const message = tx.message;
  if (message && caps?.size && message.length > caps.size) {
    return endTransaction(state, {
      outcome: 'rejected',
      reason: `The message is ${message.length} bytes; this server takes at most ${caps.size} (SIZE).`,
      reply: null,
    });
  }
  const params: string[] = [];
  if (message && caps?.size !== null && caps?.size !== undefined)
    params.push(`SIZE=${message.length}`);
  if (message && caps?.eightBitMime && hasEightBitBytes(message)) params.push('BODY=8BITMIME');
  if (utf8) params.push('SMTPUTF8');

  const { quitAfter } = state.plan;
  const pipelined = state.plan.pipelining && caps?.pipelining === true && quitAfter !== 'mail';
  const commands = [cmd.mailFrom(tx.mailFrom, params)];
  if (pipelined) {
    commands.push(...tx.rcptTo.map((to) => cmd.rcptTo(to)));
    if (message && quitAfter !== 'rcpt') commands.push(cmd.data());
  }
  return send({ ...state, pipelined }, commands, 'mail');
}

function endTransaction(s: PhaseState, end: TransactionEnd, needRset = false): Transition {
  const state: PhaseState = { ...s, ends: [...s.ends, end] };
  if (state.txIndex + 1 >= state.plan.transactions.length) return finish(state, end);
  const next: PhaseState = {
    ...state,
    txIndex: state.txIndex + 1,
    pipelined: false,
    abortingData: false,
  };
  return needRset ? send(next, [cmd.rset()], 'rset') : startTransaction(next);
}

const dataWasPipelined = (s: PhaseState) => {
  const { tx } = current(s);
  return s.pipelined && tx.message !== null && s.plan.quitAfter !== 'rcpt';
};

const mail: PhaseFn = (reply, s0) => {
  const s = withReplies(s0, { mail: reply });
  const { tx } = current(s);
  if (s.pipelined) return { state: s, step: { kind: 'await', expect: 'rcpt' } };
  if (!isPositive(reply)) {
    return endTransaction(s, {
      outcome: failure(reply),
      reason: `MAIL FROM was refused: ${replyLine(reply)}`,
      reply,
    });
  }
  if (s.plan.quitAfter === 'mail') return finish(s, quitAfterEnd('mail', reply));
  return send(s, [cmd.rcptTo(tx.rcptTo[0] ?? '')], 'rcpt');
};

const rcpt: PhaseFn = (reply, s0) => {
  const { tx, replies } = current(s0);
  const rcptReplies = replies.rcpt.slice();
  rcptReplies[s0.rcptIndex] = reply;
  const s = { ...withReplies(s0, { rcpt: rcptReplies }), rcptIndex: s0.rcptIndex + 1 };
  if (s.rcptIndex < tx.rcptTo.length) {
    if (s.pipelined) return { state: s, step: { kind: 'await', expect: 'rcpt' } };
    return send(s, [cmd.rcptTo(tx.rcptTo[s.rcptIndex] ?? '')], 'rcpt');
  }
  if (dataWasPipelined(s)) return { state: s, step: { kind: 'await', expect: 'data' } };
  const mailReply = current(s).replies.mail;
  if (!isPositive(mailReply)) {
    return endTransaction(s, {
      outcome: mailReply ? failure(mailReply) : 'rejected',
      reason: `MAIL FROM was refused: ${mailReply ? replyLine(mailReply) : 'no reply'}`,
      reply: mailReply,
    });
  }
  if (!tx.message || s.plan.quitAfter === 'rcpt') {
    return endTransaction(s, quitAfterEnd('rcpt', reply), true);
  }
  if (!rcptReplies.some(isPositive)) return endTransaction(s, noRecipientEnd(rcptReplies), true);
  return send(s, [cmd.data()], 'data');
};

function noRecipientEnd(rcptReplies: (Reply | null)[]): TransactionEnd {
  const transient = rcptReplies.find((r) => r && isTransient(r));
  const last = rcptReplies.at(-1) ?? null;
  return {
    outcome: transient ? 'deferred' : 'rejected',
    reason: `No recipient was accepted${last ? ` (last: ${replyLine(last)})` : ''}.`,
    reply: transient ?? last,
  };
}

const data: PhaseFn = (reply, s0) => {
  const s = withReplies(s0, { data: reply });
  const { tx, replies } = current(s);
  const usable = isPositive(replies.mail) && replies.rcpt.some(isPositive);
  if (reply.code === 354) {
    if (!usable || !tx.message) {
      // Pipelined DATA got a 354 although nothing was accepted: end it empty (RFC 2920 §3.1).
      const dot: cmd.Command = { phase: 'body', line: '.\r\n', display: '.' };
      return send({ ...s, abortingData: true }, [dot], 'body');
    }
    if (s.plan.quitAfter === 'data') return finish(s, quitAfterEnd('data', reply), false);
    return {
      state: s,
      step: {
        kind: 'send-body',
        body: toDataBlock(tx.message),
        size: tx.message.length,
        quit: s.pipelined && s.txIndex === s.plan.transactions.length - 1,
      },
    };
  }
  if (!usable) return endTransaction(s, earlierFailure(replies), true);
  return endTransaction(
    s,
    { outcome: failure(reply), reason: `DATA was refused: ${replyLine(reply)}`, reply },
    true,
  );
};

function earlierFailure(replies: TransactionReplies): TransactionEnd {
  if (!isPositive(replies.mail) && replies.mail) {
    return {
      outcome: failure(replies.mail),
      reason: `MAIL FROM was refused: ${replyLine(replies.mail)}`,
      reply: replies.mail,
    };
  }
  return noRecipientEnd(replies.rcpt);
}

const body: PhaseFn = (reply, s0) => {
  if (s0.abortingData) return endTransaction(s0, earlierFailure(current(s0).replies));
  const s = withReplies(s0, { final: reply });
  if (isPositive(reply)) {
    return endTransaction(s, {
      outcome: 'accepted',
      reason: `Accepted: ${replyLine(reply)}`,
      reply,
    });
  }
  return endTransaction(s, {
    outcome: failure(reply),
    reason: `The message was refused after DATA: ${replyLine(reply)}`,
    reply,
  });
};

const rset: PhaseFn = (reply, s) => {
  if (isPositive(reply)) return startTransaction(s);
  return finish(s, {
    outcome: failure(reply),
    reason: `RSET was refused: ${replyLine(reply)}`,
    reply,
  });
};

function quitAfterEnd(phase: QuitAfter, reply: Reply): TransactionEnd {
  return {
    outcome: 'quit-after',
    reason: `Stopped after ${phase.toUpperCase()}, as asked.`,
    reply,
  };
}

/** The phase functions, by the phase whose reply they handle. Pure: no socket, no clock. */
export const phases: Record<ReplyPhase, PhaseFn> = {
  banner,
  ehlo,
  helo,
  starttls,
  auth,
  mail,
  rcpt,
  data,
  body,
  rset,
};

/** Record that the body went out in full (the loop calls this once the write completes). */
export function markBodySent(s: PhaseState): PhaseState {
  return withReplies(s, { bodySent: true });
}

const EARLY_STOPS: (QuitAfter | null)[] = ['connect', 'banner', 'ehlo', 'starttls', 'auth'];

/**
 * Check everything that will go on the wire before connecting, so bad input (a CR/LF in the
 * HELO name or an address, no recipient) is refused with a sentence and nothing is sent.
 */
export function validatePlan(plan: SessionPlan): void {
  if (validPlans.has(plan)) return; // one plan often serves many sessions (MX failover, --repeat)
  cmd.ehlo(plan.heloName);
  if (plan.auth) cmd.authPlain(plan.auth.user, plan.auth.pass);
  if (plan.transactions.length === 0 && !EARLY_STOPS.includes(plan.quitAfter)) {
    throw new cmd.CommandArgumentError('There is nothing to send: no transaction was given.');
  }
  for (const tx of plan.transactions) {
    cmd.mailFrom(tx.mailFrom);
    if (tx.rcptTo.length === 0)
      throw new cmd.CommandArgumentError('A message needs at least one recipient.');
    for (const to of tx.rcptTo) cmd.rcptTo(to);
  }
  validPlans.add(plan);
}

const validPlans = new WeakSet<SessionPlan>();
