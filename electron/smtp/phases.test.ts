import { describe, expect, it } from 'vitest';
import { initialState, type PhaseState, phases } from './phases';
import { ReplyParser } from './reply-parser';
import { plan } from './test-support/session-helpers';

const reply = (text: string) => {
  const [r] = new ReplyParser().push(Buffer.from(text));
  if (!r) throw new Error('incomplete reply');
  return r;
};
const sent = (t: ReturnType<(typeof phases)['ehlo']>) =>
  t.step.kind === 'send' ? t.step.commands.map((c) => c.display) : [];

// Phases are pure: given a reply and a state, they say what to send next. No socket needed.
describe('phases', () => {
  const start = (p = plan()): PhaseState => initialState(p);

  it('banner 220 → EHLO', () => {
    const t = phases.banner(reply('220 mx ESMTP\r\n'), start());
    expect(sent(t)).toEqual(['EHLO client.mxray.test']);
    expect(t.step).toMatchObject({ expect: 'ehlo' });
  });

  it('EHLO with STARTTLS under opportunistic → STARTTLS; under off → MAIL', () => {
    const ehlo = reply('250-mx\r\n250-STARTTLS\r\n250 PIPELINING\r\n');
    expect(sent(phases.ehlo(ehlo, start()))).toEqual(['STARTTLS']);
    const off = phases.ehlo(ehlo, start(plan({ tls: 'off' })));
    expect(sent(off)).toEqual([
      'MAIL FROM:<sender@mxray.test>',
      'RCPT TO:<rcpt@example.test>',
      'DATA',
    ]);
  });

  it('without PIPELINING, one command at a time', () => {
    const t = phases.ehlo(reply('250 mx\r\n'), start(plan({ tls: 'off' })));
    expect(sent(t)).toEqual(['MAIL FROM:<sender@mxray.test>']);
  });

  it('asks for SMTPUTF8 only when an address needs it, and refuses when the server lacks it', () => {
    const utf8Plan = plan({
      tls: 'off',
      transactions: [
        { mailFrom: 'zoë@mxray.test', rcptTo: ['b@example.test'], message: Buffer.from('x') },
      ],
    });
    const withIt = phases.ehlo(reply('250-mx\r\n250 SMTPUTF8\r\n'), start(utf8Plan));
    expect(sent(withIt)).toEqual(['MAIL FROM:<zoë@mxray.test> SMTPUTF8']);
    const without = phases.ehlo(reply('250 mx\r\n'), start(utf8Plan));
    expect(without.step).toMatchObject({
      kind: 'finish',
      end: { outcome: 'rejected', reason: expect.stringContaining('needs SMTPUTF8') },
    });
  });

  it('refuses a message over the advertised SIZE before MAIL FROM', () => {
    const t = phases.ehlo(reply('250-mx\r\n250 SIZE 10\r\n'), start(plan({ tls: 'off' })));
    expect(t.step).toMatchObject({
      kind: 'finish',
      end: { outcome: 'rejected', reason: expect.stringMatching(/at most 10 \(SIZE\)/) },
    });
  });

  it('announces BODY=8BITMIME for 8-bit content when offered', () => {
    const eight = plan({
      tls: 'off',
      transactions: [
        { mailFrom: 'a@mxray.test', rcptTo: ['b@example.test'], message: Buffer.from('Grüße') },
      ],
    });
    expect(sent(phases.ehlo(reply('250-mx\r\n250 8BITMIME\r\n'), start(eight)))).toEqual([
      'MAIL FROM:<a@mxray.test> BODY=8BITMIME',
    ]);
  });

  it('reuses the session with RSET between transactions whose first one was left open', () => {
    const two = plan({
      tls: 'off',
      pipelining: false,
      transactions: [
        { mailFrom: 'a@mxray.test', rcptTo: ['x@example.test'], message: null },
        { mailFrom: 'a@mxray.test', rcptTo: ['y@example.test'], message: null },
      ],
    });
    let t = phases.ehlo(reply('250 mx\r\n'), start(two));
    t = phases.mail(reply('250 ok\r\n'), t.state);
    t = phases.rcpt(reply('250 ok\r\n'), t.state);
    expect(sent(t)).toEqual(['RSET']);
    t = phases.rset(reply('250 ok\r\n'), t.state);
    expect(sent(t)).toEqual(['MAIL FROM:<a@mxray.test>']);
  });

  it('hides AUTH credentials in what the transcript shows', () => {
    const authPlan = plan({ tls: 'off', auth: { user: 'u', pass: 'p' } });
    const t = phases.ehlo(reply('250-mx\r\n250 AUTH PLAIN LOGIN\r\n'), start(authPlan));
    expect(sent(t)).toEqual(['AUTH PLAIN [credentials hidden]']);
  });
});

describe('EHLO capabilities', () => {
  it('reads keywords, SIZE and AUTH methods, old AUTH= form included', async () => {
    const { parseCapabilities } = await import('./capabilities');
    const caps = parseCapabilities([
      'mx.example.test hi',
      'PIPELINING',
      'SIZE 35882577',
      'AUTH PLAIN login',
      'AUTH=LOGIN',
      'starttls',
      '8BITMIME',
      'SMTPUTF8',
      'CHUNKING',
    ]);
    expect(caps).toMatchObject({
      greeting: 'mx.example.test hi',
      pipelining: true,
      startTls: true,
      eightBitMime: true,
      smtpUtf8: true,
      chunking: true,
      dsn: false,
      size: 35882577,
      auth: ['PLAIN', 'LOGIN'],
    });
    expect(parseCapabilities(['x', 'SIZE']).size).toBe(0);
    expect(parseCapabilities(['x']).size).toBeNull();
  });
});
