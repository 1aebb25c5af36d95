import type {
  Phase,
  PhaseTiming,
  RecipientResult,
  Reply,
  TlsDetails,
  TranscriptLine,
} from '../../shared/smtp';
import { isoNow } from './clock';
import type { PhaseState, TransactionEnd } from './phases';
import { recipientResults } from './recipient-results';
import type { SessionRecord } from './session-record';
import type { SessionResult } from './session-types';

/** A session's result; its transcript and timings are formatted on first read. */
export class FinishedSession implements SessionResult {
  host!: string;
  port!: number;
  address!: string | null;
  outcome!: SessionResult['outcome'];
  phase!: Phase;
  reply!: Reply | null;
  reason!: string;
  recipients!: RecipientResult[];
  transactions!: SessionResult['transactions'];
  tls!: TlsDetails | null;
  capabilities!: SessionResult['capabilities'];
  clientAddress!: string | null;
  startedAt!: string;
  endedAt!: string;
  tlsHandshakeFailed!: boolean;

  constructor(
    fields: Omit<SessionResult, 'transcript' | 'timings'>,
    private readonly record: SessionRecord,
  ) {
    Object.assign(this, fields);
  }

  get transcript(): TranscriptLine[] {
    return this.record.transcript();
  }

  get timings(): PhaseTiming[] {
    return this.record.timings();
  }
}

/** Every recipient's verdict, flat and per transaction, once a session has ended with `end`. */
function sessionVerdicts(state: PhaseState, end: TransactionEnd) {
  const perTransaction = recipientResults(state, end);
  const recipients: RecipientResult[] = perTransaction.flat();
  const transactions = state.plan.transactions.map((_, i) => {
    const e = state.ends[i] ?? end;
    return {
      outcome: e.outcome,
      reason: e.reason,
      reply: e.reply,
      refusedAt: e.refusedAt ?? null,
      recipients: perTransaction[i] ?? [],
    };
  });
  return { recipients, transactions };
}

/** The command whose reply decided a transaction, when a reply did (not MXray itself). */
function answeredAt(end: TransactionEnd): Phase | null {
  return end.refusedAt && end.refusedAt !== 'local' ? end.refusedAt : null;
}

/**
 * The result of a session, from its decision (none: the connection went without a word) and
 * what the protocol state holds.
 */
export function finishedSession(
  state: PhaseState,
  record: SessionRecord,
  fields: Pick<SessionResult, 'host' | 'port' | 'address' | 'tls'>,
): FinishedSession {
  const final: TransactionEnd = state.decided?.end ?? {
    outcome: 'connection-lost',
    reason: 'The session ended without a decision.',
    reply: null,
  };
  const { recipients, transactions } = sessionVerdicts(state, final);
  return new FinishedSession(
    {
      ...fields,
      // The phase whose reply decided, not where the session stood: under PIPELINING a
      // refused RCPT is read after DATA went out, and is still RCPT's answer.
      phase: answeredAt(final) ?? state.decided?.phase ?? 'connect',
      startedAt: isoNow(record.startedAt),
      capabilities: state.capabilities,
      clientAddress: state.clientAddress ?? null,
      tlsHandshakeFailed: final.plaintextMayWork === true,
      outcome: final.outcome,
      reply: final.reply,
      reason: final.reason,
      recipients,
      transactions,
      endedAt: isoNow(),
    },
    record,
  );
}
