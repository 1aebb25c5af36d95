import type { Reply } from '../../shared/smtp';
import * as cmd from './commands';
import { hasEightBitBytes, toDataBlock } from './data-block';
import {
  current,
  failure,
  finish,
  type PhaseFn,
  type PhaseState,
  quitAfterEnd,
  replyLine,
  send,
  type TransactionEnd,
  type Transition,
  withReplies,
} from './phase-state';
import {
  emptyReplies,
  isPositive,
  isTransient,
  needsSmtpUtf8,
  type TransactionReplies,
} from './transaction';

// ---- the mail transaction -----------------------------------------------------------------

export function startTransaction(s: PhaseState): Transition {
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
      refusedAt: 'local',
      reason:
        'An address is not ASCII, so it needs SMTPUTF8, and this server does not offer SMTPUTF8.',
      reply: null,
    });
  }
  const message = tx.message;
  if (message && caps?.size && message.length > caps.size) {
    return endTransaction(state, {
      outcome: 'rejected',
      refusedAt: 'local',
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

export const mail: PhaseFn = (reply, s0) => {
  const s = withReplies(s0, { mail: reply });
  const { tx } = current(s);
  if (s.pipelined) return { state: s, step: { kind: 'await', expect: 'rcpt' } };
  if (!isPositive(reply)) {
    return endTransaction(s, {
      outcome: failure(reply),
      refusedAt: 'mail',
      reason: `MAIL FROM was refused: ${replyLine(reply)}`,
      reply,
    });
  }
  if (s.plan.quitAfter === 'mail') return finish(s, quitAfterEnd('mail', reply));
  return send(s, [cmd.rcptTo(tx.rcptTo[0] ?? '')], 'rcpt');
};

export const rcpt: PhaseFn = (reply, s0) => {
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
      refusedAt: 'mail',
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
    refusedAt: 'rcpt',
    reason: `No recipient was accepted${last ? ` (last: ${replyLine(last)})` : ''}.`,
    reply: transient ?? last,
  };
}

export const data: PhaseFn = (reply, s0) => {
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
    {
      outcome: failure(reply),
      refusedAt: 'data',
      reason: `DATA was refused: ${replyLine(reply)}`,
      reply,
    },
    true,
  );
};

function earlierFailure(replies: TransactionReplies): TransactionEnd {
  if (!isPositive(replies.mail) && replies.mail) {
    return {
      outcome: failure(replies.mail),
      refusedAt: 'mail',
      reason: `MAIL FROM was refused: ${replyLine(replies.mail)}`,
      reply: replies.mail,
    };
  }
  return noRecipientEnd(replies.rcpt);
}

export const body: PhaseFn = (reply, s0) => {
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

export const rset: PhaseFn = (reply, s) => {
  if (isPositive(reply)) return startTransaction(s);
  return finish(s, {
    outcome: failure(reply),
    reason: `RSET was refused: ${replyLine(reply)}`,
    reply,
  });
};
