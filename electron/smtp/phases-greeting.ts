import { sendingIpFromReply } from '../../shared/sending-ip';
import type { Reply } from '../../shared/smtp';
import { heloCapabilities, parseCapabilities } from './capabilities';
import * as cmd from './commands';
import {
  failure,
  finish,
  type PhaseFn,
  type PhaseState,
  quitAfterEnd,
  replyLine,
  send,
  type Transition,
} from './phase-state';
import { startTransaction } from './phases-transaction';

// ---- greeting, EHLO/HELO, STARTTLS, AUTH -------------------------------------------------

export const banner: PhaseFn = (reply, s) => {
  if (reply.code !== 220) {
    return finish(s, {
      outcome: 'greeting-rejected',
      reason: `The server refused the session in its greeting: ${replyLine(reply)}`,
      reply,
    });
  }
  const greeted = withClientAddress(s, reply);
  if (s.plan.quitAfter === 'banner') return finish(greeted, quitAfterEnd('banner', reply));
  return send(greeted, [cmd.ehlo(s.plan.heloName)], 'ehlo');
};

/** Keep the client address a reply states; a reply that states none leaves the last one. */
const withClientAddress = (s: PhaseState, reply: Reply): PhaseState => {
  const stated = sendingIpFromReply(reply.text);
  return stated ? { ...s, clientAddress: stated } : s;
};

export const ehlo: PhaseFn = (reply, s) => {
  if (reply.code === 250)
    return afterGreeting(
      { ...withClientAddress(s, reply), capabilities: parseCapabilities(reply.lines) },
      reply,
    );
  // 500/502 (and other 5xx): an RFC 821 server, or one that dislikes EHLO. HELO still works.
  if (reply.code >= 500) return send(s, [cmd.helo(s.plan.heloName)], 'helo');
  return finish(s, {
    outcome: failure(reply),
    reason: `EHLO was refused: ${replyLine(reply)}`,
    reply,
  });
};

export const helo: PhaseFn = (reply, s) => {
  if (reply.code !== 250) {
    return finish(s, {
      outcome: failure(reply),
      reason: `HELO was refused: ${replyLine(reply)}`,
      reply,
    });
  }
  return afterGreeting(
    { ...withClientAddress(s, reply), capabilities: heloCapabilities(reply.lines[0] ?? '') },
    reply,
  );
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
  const authBeforeTls = s.capabilities?.auth ?? [];
  return send(
    { ...s, tlsActive: true, capabilities: null, authBeforeTls },
    [cmd.ehlo(s.plan.heloName)],
    'ehlo',
  );
}

export const starttls: PhaseFn = (reply, s) => {
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
  // Nothing to retry: the same server will offer the same again. Every recipient bounces.
  return finish(s, {
    outcome: 'rejected',
    reason: methods.length
      ? `The server offers AUTH ${methods.join(' ')}; MXray speaks PLAIN and LOGIN.`
      : noAuthReason(s),
    reply,
    refusesAll: true,
  });
}

/** No AUTH in the EHLO reply: say what the server did offer, before and after TLS. */
function noAuthReason(s: PhaseState): string {
  if (!s.tlsActive)
    return s.capabilities?.startTls
      ? 'The server does not offer AUTH before TLS. It offers STARTTLS, and relays usually offer AUTH only after it; TLS is off for this send (use TLS "opportunistic" or "require").'
      : 'The server offers neither AUTH nor STARTTLS: it does not take logins, at least not on this port.';
  if (s.plan.tls === 'implicit') return 'The server does not offer AUTH, even over TLS.';
  const before = s.authBeforeTls ?? [];
  return before.length
    ? `The server offered AUTH ${before.join(' ')} before STARTTLS, but none after it.`
    : 'The server does not offer AUTH, neither before STARTTLS nor after it.';
}

export const auth: PhaseFn = (reply, s) => {
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
  // 535 (5.7.8): these credentials will not do for this relay — every recipient bounces for
  // this send; 454 and other 4xx stay deferred.
  const refused = reply.code >= 500;
  // 538 (RFC 4954 §6): not the credentials, the channel: this server logs in only over TLS.
  const hint =
    reply.code === 538
      ? ' — the server takes AUTH only over TLS (use TLS "opportunistic" or "require")'
      : refused
        ? ' — check the user name and password for this relay'
        : '';
  return finish(s, {
    outcome: failure(reply),
    reason: `Authentication failed: ${replyLine(reply)}${hint}`,
    reply,
    ...(refused ? { refusesAll: true as const } : {}),
  });
};
