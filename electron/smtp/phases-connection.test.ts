import { describe, expect, it } from 'vitest';
import type { TlsDetails } from '../../shared/smtp';
import { decide, initialState } from './phases';
import {
  afterConnect,
  afterHandshake,
  handshakeFailure,
  phaseFor,
  replyTurn,
} from './phases-connection';
import { ReplyParser } from './reply-parser';
import { plan } from './test-support/session-helpers';

const reply = (text: string) => {
  const [r] = new ReplyParser().push(Buffer.from(text));
  if (!r) throw new Error('incomplete reply');
  return r;
};
const tls = (verified: boolean) =>
  ({ verified, verifyError: verified ? null : 'DEPTH_ZERO_SELF_SIGNED_CERT' }) as TlsDetails;

// The turns that are not replies, decided without a socket, as the phase functions are.
describe('the connection phases', () => {
  it('after connecting: the greeting, TLS first for implicit TLS, or a stop as asked', () => {
    expect(afterConnect(initialState(plan())).step).toEqual({ kind: 'await', expect: 'banner' });
    expect(afterConnect(initialState(plan({ tls: 'implicit' }))).step).toEqual({
      kind: 'starttls',
    });
    expect(afterConnect(initialState(plan({ quitAfter: 'connect' }))).step).toMatchObject({
      kind: 'finish',
      quit: false,
      end: { outcome: 'quit-after', reason: 'Stopped after connecting, as asked.' },
    });
  });

  it('after the handshake: EHLO again, the greeting inside implicit TLS, or refusing a certificate', () => {
    const again = afterHandshake(initialState(plan()), tls(true), 'mx.example.test');
    expect(again.state.tlsActive).toBe(true);
    expect(again.step).toMatchObject({ kind: 'send', expect: 'ehlo' });
    const implicit = afterHandshake(initialState(plan({ tls: 'implicit' })), tls(true), 'mx');
    expect(implicit.step).toEqual({ kind: 'await', expect: 'banner' });
    const strict = afterHandshake(initialState(plan({ tlsVerify: true })), tls(false), 'mx');
    expect(strict.step).toMatchObject({
      kind: 'finish',
      quit: true,
      end: { outcome: 'tls-failed' },
    });
    // Before any greeting there is no session to QUIT.
    const early = afterHandshake(
      initialState(plan({ tls: 'implicit', tlsVerify: true })),
      tls(false),
      'mx',
    );
    expect(early.step).toMatchObject({ kind: 'finish', quit: false });
  });

  it('a failed handshake may go again in plaintext only under the opportunistic policy', () => {
    const error = new Error('wrong version number');
    expect(handshakeFailure(initialState(plan()), error).plaintextMayWork).toBe(true);
    expect(
      handshakeFailure(initialState(plan({ tls: 'require' })), error).plaintextMayWork,
    ).toBeUndefined();
    const implicit = handshakeFailure(initialState(plan({ tls: 'implicit' })), error);
    expect(implicit.plaintextMayWork).toBeUndefined();
    expect(implicit.reason).toContain('The server answered in plain text');
  });

  it('421 at any phase closes without QUIT: a rejected greeting first, a deferral after', () => {
    const s = initialState(plan());
    const closing = reply('421 4.3.2 Shutting down\r\n');
    expect(phaseFor('banner')(closing, s).step).toMatchObject({
      kind: 'finish',
      quit: false,
      end: {
        outcome: 'greeting-rejected',
        reason: 'The server is closing the connection: 421 4.3.2 Shutting down',
      },
    });
    expect(phaseFor('ehlo')(closing, s).step).toMatchObject({
      quit: false,
      end: { outcome: 'deferred' },
    });
    expect(phaseFor('banner')(reply('220 mx ESMTP\r\n'), s).step).toMatchObject({ kind: 'send' });
  });

  it("a reply after the decision: only QUIT's counts, and it closes; STARTTLS's 220 keeps its clock", () => {
    const s = initialState(plan());
    const ok = reply('250 ok\r\n');
    expect(replyTurn('starttls', reply('220 go ahead\r\n'), s)).toMatchObject({
      timed: false,
      closes: false,
      transition: { step: { kind: 'starttls' } },
    });
    expect(replyTurn('banner', reply('220 mx\r\n'), s)).toMatchObject({ timed: true });
    const decided = decide(s, { outcome: 'deferred', reason: 'later', reply: null }, 'mail');
    expect(
      decide(decided, { outcome: 'cancelled', reason: 'no', reply: null }, 'rcpt').decided,
    ).toEqual(decided.decided);
    expect(replyTurn('rcpt', ok, decided)).toEqual({
      transition: null,
      timed: false,
      closes: false,
    });
    expect(replyTurn('quit', reply('221 bye\r\n'), decided)).toEqual({
      transition: null,
      timed: true,
      closes: true,
    });
  });
});
