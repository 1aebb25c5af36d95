import type { Reply } from '../../shared/smtp';

/** One mail transaction: MAIL FROM, its RCPT TOs and (unless probing) the message. */
export interface Transaction {
  mailFrom: string;
  rcptTo: string[];
  /** The message as composed; null probes the recipients and never sends DATA. */
  message: Buffer | null;
}

/** What the server said to each step of one transaction. */
export interface TransactionReplies {
  mail: Reply | null;
  rcpt: (Reply | null)[];
  data: Reply | null;
  final: Reply | null;
  /** The body was written in full, but no reply to the final dot arrived. */
  bodySent: boolean;
}

export const emptyReplies = (recipients: number): TransactionReplies => ({
  mail: null,
  rcpt: Array.from({ length: recipients }, () => null),
  data: null,
  final: null,
  bodySent: false,
});

export const isPositive = (r: Reply | null) => r !== null && r.code >= 200 && r.code < 400;
export const isTransient = (r: Reply | null) => r !== null && r.code >= 400 && r.code < 500;
export const isPermanent = (r: Reply | null) => r !== null && r.code >= 500;

/** Does an address need SMTPUTF8 (RFC 6531)? Any non-ASCII character does. */
export const needsSmtpUtf8 = (t: Transaction) =>
  [t.mailFrom, ...t.rcptTo].some((address) => /[\u0080-\uffff]/.test(address));
