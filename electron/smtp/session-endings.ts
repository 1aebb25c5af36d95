import type { Phase, TlsDetails } from '../../shared/smtp';
import { tlsErrorText } from './describe';
import type { TransactionEnd } from './phases';
import { ProtocolError } from './reply-parser';

/**
 * How a session ends when the server goes quiet or away, in words. After the final dot
 * nothing is certain: the server may have the message, so the outcome says "uncertain" and
 * never "delivered".
 */
export function timeoutEnd(
  phase: Phase,
  wait: string,
  bodySent: boolean,
  midReply = false,
  tlsFirstPort = false,
): TransactionEnd {
  if (phase === 'banner' && tlsFirstPort) return silentImplicitPortEnd(wait);
  const end = quietEnd(phase, wait, bodySent);
  if (midReply)
    end.reason = `${end.reason.slice(0, -1)}: a reply had begun but was still not complete, as when a server drips it out a byte at a time (a tarpit).`;
  return end;
}

/** Submission with implicit TLS (RFC 8314 §3.3): TLS from the first byte. */
export const IMPLICIT_TLS_PORT = 465;
/** How long a plaintext client waits for a greeting on that port before saying why none came. */
export const IMPLICIT_PORT_BANNER_MS = 10_000;

export function silentImplicitPortEnd(wait: string): TransactionEnd {
  return {
    outcome: 'banner-timeout',
    reason: `No greeting within ${wait}. Port ${IMPLICIT_TLS_PORT} usually speaks TLS from the first byte (implicit TLS, RFC 8314) and waits for the client to start it: use TLS mode "implicit" (--tls implicit).`,
    reply: null,
  };
}

export function implicitHandshakeEnd(error: Error): TransactionEnd {
  const plaintext = /wrong version number|packet length too long|unknown protocol/i.test(
    error.message,
  );
  return {
    outcome: 'tls-failed',
    reason: `The TLS handshake at connect (implicit TLS) failed: ${tlsErrorText(error)}.${
      plaintext
        ? ' The server answered in plain text: this port speaks SMTP first, so use STARTTLS (--tls opportunistic or require) instead.'
        : ''
    }`,
    reply: null,
  };
}

export const cancelledEnd: TransactionEnd = {
  outcome: 'cancelled',
  reason: 'Cancelled by the user.',
  reply: null,
};

/** Another address of the walk greeted first; this one is closed before any envelope. */
export function abandonedEnd(reason: string): TransactionEnd {
  return { outcome: 'abandoned', reason: `Abandoned: ${reason}.`, reply: null };
}

/** The server stopped speaking SMTP (reply-parser.ts says how). */
export function protocolErrorEnd(error: unknown): TransactionEnd {
  const reason = error instanceof ProtocolError ? error.message : String(error);
  return { outcome: 'protocol-error', reason, reply: null };
}

/** The note when a session closes without QUIT in `phase`, having stopped as asked; else null. */
export function closingNote(end: TransactionEnd, phase: Phase): string | null {
  return end.outcome === 'quit-after' && phase !== 'connect'
    ? 'Closing without QUIT; the server discards the unfinished transaction.'
    : null;
}

/** The note for what came in plaintext with the 220 to STARTTLS; null when nothing did. */
export function ignoredBeforeTls(replies: number, bytes: number): string | null {
  if (replies === 0 && bytes === 0) return null;
  const what = [
    replies ? `${replies} repl${replies === 1 ? 'y' : 'ies'}` : '',
    bytes ? `${bytes} byte${bytes === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return `Ignored ${what} the server sent after its 220 to STARTTLS, before TLS began: plaintext there could be an injection, so nothing of it is believed.`;
}

function quietEnd(phase: Phase, wait: string, bodySent: boolean): TransactionEnd {
  if (phase === 'body' && bodySent) {
    return {
      outcome: 'uncertain',
      reason: `No reply to the final dot within ${wait}; the server may have the message (delivery uncertain).`,
      reply: null,
    };
  }
  if (phase === 'banner')
    return { outcome: 'banner-timeout', reason: `No greeting within ${wait}.`, reply: null };
  return {
    outcome: 'timeout',
    reason: `No reply to ${phase.toUpperCase()} within ${wait}.`,
    reply: null,
  };
}

export function closedEnd(phase: Phase, error: Error | null, bodySent: boolean): TransactionEnd {
  const how = error ? `failed (${error.message})` : 'was closed by the server';
  if (phase === 'body' && bodySent) {
    return {
      outcome: 'uncertain',
      reason: `The connection ${how} after the final dot, before any reply: delivery uncertain, the server may have the message.`,
      reply: null,
    };
  }
  const waitingFor = phase === 'banner' ? 'greeting' : `${phase.toUpperCase()} reply`;
  return {
    outcome: 'connection-lost',
    reason: `The connection ${how} while waiting for the ${waitingFor}.`,
    reply: null,
  };
}

/** The handshake after STARTTLS's 220 failed; under opportunistic TLS a plaintext retry may do. */
export function tlsHandshakeEnd(error: Error, opportunistic: boolean): TransactionEnd {
  return {
    outcome: 'tls-failed',
    reason: `The TLS handshake failed: ${tlsErrorText(error)}.${opportunistic ? ' A plaintext session may still work.' : ''}`,
    reply: null,
    ...(opportunistic ? { plaintextMayWork: true } : {}),
  };
}

/** TLS works but the certificate does not verify, and the plan says it must. */
export function unverifiedEnd(tls: TlsDetails, host: string): TransactionEnd {
  const names = tls.certificate?.subjectAltNames ?? [];
  const reason = tls.verifyError?.includes('ALTNAME')
    ? `The certificate is for ${names.join(', ') || 'other names'}, not ${tls.servername ?? host} (${tls.verifyError}), and verification is required.`
    : `The certificate does not verify (${tls.verifyError}), and verification is required.`;
  return { outcome: 'tls-failed', reason, reply: null };
}
