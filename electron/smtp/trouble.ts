import { duration } from './describe';
import type { SessionResult } from './session-types';

/**
 * What an attempt's end means for the delivery (Postfix's smtp_trouble): go on to the next
 * address, or stop here. Recipients already accepted or bounced never go to another MX;
 * the others do, unless going on could deliver twice or the user stopped it.
 */
export function tryNextAddress(result: SessionResult, pending: number): boolean {
  if (pending === 0) return false;
  switch (result.outcome) {
    case 'uncertain': // the server may have the message: a retry later, not a second MX now
    case 'cancelled':
    case 'abandoned':
    case 'quit-after':
      return false;
    default:
      return true;
  }
}

/**
 * The server offered STARTTLS, the handshake failed, and opportunistic TLS went on in
 * plaintext: right for delivery, but the user must hear it, not only the transcript.
 */
export function downgradeWarning(result: SessionResult, where: string): string | null {
  if (!result.tlsDowngrade) return null;
  const sent = result.recipients.some((r) => r.status === 'delivered');
  return `TLS downgrade at ${where}: the server offered STARTTLS but the handshake failed (${result.tlsDowngrade.replace(/\.$/, '')}), so MXray reconnected without it, as the opportunistic TLS policy allows; ${sent ? 'the message crossed the network unencrypted' : 'the session went on unencrypted'}. Use TLS policy "require" to refuse that.`;
}

/** "421 at greeting", "connection refused", "no greeting within 5 min": an attempt in a phrase. */
export function attemptSummary(result: SessionResult): string {
  const reply = result.reply;
  const where = result.phase === 'banner' ? 'greeting' : result.phase.toUpperCase();
  switch (result.outcome) {
    case 'connect-refused':
      return 'connection refused';
    case 'connect-timeout':
      return 'no answer to the connection';
    case 'connect-failed':
      return 'could not connect';
    case 'banner-timeout':
      return `no greeting within ${duration(Date.parse(result.endedAt) - Date.parse(result.startedAt))}`;
    case 'tls-failed':
      return 'TLS failed';
    case 'timeout':
      return `no reply at ${where}`;
    case 'connection-lost':
      return `connection lost at ${where}`;
    case 'protocol-error':
      return `not SMTP at ${where}`;
    case 'uncertain':
      return 'connection lost after the final dot (delivery uncertain)';
    case 'cancelled':
      return 'cancelled';
    case 'abandoned':
      return result.reason.replace(/^Abandoned: /, 'abandoned: ').replace(/\.$/, '');
    case 'quit-after':
      return `stopped after ${where}, as asked`;
    case 'accepted':
      return `accepted: ${reply ? `${reply.code}${reply.enhanced ? ` ${reply.enhanced}` : ''}` : 'ok'}`;
    default:
      return reply
        ? `${reply.code}${reply.enhanced ? ` ${reply.enhanced}` : ''} at ${where}`
        : result.reason;
  }
}

/** Every attempt timed out before a word from any server: the signature of a blocked port 25. */
export function looksLikeBlockedPort(results: { outcome: string | null }[]): boolean {
  return (
    results.length > 0 &&
    results.every((r) => r.outcome === 'connect-timeout' || r.outcome === 'banner-timeout')
  );
}

export const BLOCKED_PORT_HINT =
  'Every MX address timed out without a word: outbound port 25 looks blocked here (common on home ISPs and cloud hosts). Send through a relay instead: --server HOST:587 with --auth-user and STARTTLS.';
