import { afterEach, describe, expect, it } from 'vitest';
import { selfSignedCert, testCa } from './test-support/certs';
import {
  acceptOne,
  breakStartTls,
  closeHostileServers,
  greet,
  hostileServer as server,
  sleep,
} from './test-support/hostile-server';
import { attempt, wire } from './test-support/session-helpers';

afterEach(closeHostileServers);

describe('session against hostile servers: greeting, EHLO and TLS', () => {
  it('parses a multi-line EHLO reply split across TCP chunks at every byte offset', async () => {
    const ehloReply = Buffer.from(
      '250-mx.hostile.test greets you\r\n250-SIZE 1000000\r\n250-8BITMIME\r\n250 HELP\r\n',
    );
    const s = await server(async (c, index) => {
      c.reply('220 mx.hostile.test ESMTP');
      await c.line();
      const cut = index + 1;
      c.raw(ehloReply.subarray(0, cut));
      await sleep(5); // separate TCP segments
      c.raw(ehloReply.subarray(cut));
      await acceptOne(c);
    });
    for (let cut = 1; cut < ehloReply.length; cut++) {
      const result = await attempt(s.port, { pipelining: false });
      expect(result.outcome, `split at ${cut}`).toBe('accepted');
      expect(result.capabilities).toMatchObject({ size: 1_000_000, eightBitMime: true });
    }
  });

  it('gives up at a 421 greeting, without QUIT', async () => {
    const s = await server(async (c) => {
      c.reply('421 4.3.2 mx.hostile.test too busy, try later');
      await c.closed();
    });
    const result = await attempt(s.port);
    expect(result).toMatchObject({
      outcome: 'greeting-rejected',
      phase: 'banner',
      reply: { code: 421, enhanced: '4.3.2' },
      reason: 'The server is closing the connection: 421 4.3.2 mx.hostile.test too busy, try later',
    });
    expect(result.recipients[0]?.status).toBe('deferred');
    expect(wire(result)).toEqual(['<- 421 4.3.2 mx.hostile.test too busy, try later']);
  });

  it('sends QUIT after a 554 greeting and reports it', async () => {
    const s = await server(async (c) => {
      c.reply('554 5.7.1 no service for you');
      expect(await c.line()).toBe('QUIT');
      c.reply('221 bye');
      c.end();
    });
    const result = await attempt(s.port);
    expect(result).toMatchObject({
      outcome: 'greeting-rejected',
      phase: 'banner',
      reply: { code: 554 },
    });
  });

  it('times out when no banner comes', async () => {
    const s = await server((c) => c.closed());
    const result = await attempt(s.port, {}, { timeouts: { banner: 300 } });
    expect(result).toMatchObject({
      outcome: 'banner-timeout',
      phase: 'banner',
      reason: 'No greeting within 300 ms.',
    });
  });

  it('falls back to HELO when EHLO gets 502', async () => {
    const s = await server(async (c) => {
      c.reply('220 old.hostile.test SMTP');
      expect(await c.line()).toBe('EHLO client.mxray.test');
      c.reply('502 5.5.2 Command not recognized');
      expect(await c.line()).toBe('HELO client.mxray.test');
      c.reply('250 old.hostile.test');
      await acceptOne(c);
    });
    const result = await attempt(s.port);
    expect(result.outcome).toBe('accepted');
    expect(result.recipients[0]).toMatchObject({
      status: 'delivered',
      reply: { code: 250, enhanced: '2.0.0' },
    });
  });

  it('retries in plaintext on the same address after a failed opportunistic handshake', async () => {
    const s = await server(async (c, index) => {
      if (index === 0) return breakStartTls(c);
      await greet(c);
      await acceptOne(c);
    });
    const result = await attempt(s.port);
    expect(s.connections).toBe(2);
    expect(result.outcome).toBe('accepted');
    expect(result.tlsHandshakeFailed).toBe(true);
    expect(result.tls).toBeNull();
    expect(result.transcript.map((l) => l.text)).toEqual(
      expect.arrayContaining([
        'The TLS handshake failed: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER). A plaintext session may still work.',
        'Reconnecting to the same address without STARTTLS, since the handshake failed (opportunistic TLS).',
      ]),
    );
  });

  it('believes nothing the server sent in plaintext after its 220 to STARTTLS (injection)', async () => {
    const credentials = await selfSignedCert('mx.hostile.test');
    const s = await server(async (c) => {
      await greet(c, 'STARTTLS');
      expect(await c.line()).toBe('STARTTLS');
      // One write: the 220 and a reply injected behind it, meant for the first command
      // the client sends once TLS is up.
      c.raw('220 Go ahead\r\n250 2.1.0 injected sender ok\r\n250 2.1');
      await c.startTls(credentials);
      // After the handshake the client starts again with EHLO, as RFC 3207 §4.2 says.
      expect(await c.line()).toBe('EHLO client.mxray.test');
      c.reply('250 mx.hostile.test');
      expect(await c.line()).toBe('MAIL FROM:<sender@mxray.test>');
      c.reply('451 4.3.0 the real answer');
      expect(await c.line()).toBe('QUIT');
      c.reply('221 bye');
      c.end();
    });
    const result = await attempt(s.port, { tls: 'require' });
    expect(result.recipients[0]).toMatchObject({ status: 'deferred', reply: { code: 451 } });
    expect(result.transcript.map((l) => l.text).join('\n')).toMatch(
      /Ignored 1 reply and 7 bytes the server sent after its 220 to STARTTLS, before TLS began/,
    );
  });

  it('verifies a server named by its IP address against the certificate’s IP addresses, not "localhost"', async () => {
    const ca = await testCa();
    const run = async (names: string[]) => {
      const leaf = await ca.issue(names);
      const s = await server(async (c) => {
        await greet(c, 'STARTTLS');
        expect(await c.line()).toBe('STARTTLS');
        c.reply('220 Go ahead');
        await c.startTls(leaf);
        for (;;) {
          const line = await c.line().catch(() => null);
          if (line === null) return;
          if (line === 'QUIT') {
            c.reply('221 bye');
            return c.end();
          }
          if (line.startsWith('EHLO')) c.reply('250 mx.hostile.test');
          else if (line === 'DATA') {
            c.reply('354 go');
            await c.dataBody();
            c.reply('250 2.0.0 queued');
          } else c.reply('250 ok');
        }
      });
      return attempt(s.port, { tls: 'require', tlsVerify: true }, { ca: ca.cert });
    };
    // A certificate trusted, valid, but for localhost: not for 127.0.0.1.
    const wrong = await run(['localhost']);
    expect(wrong.outcome).toBe('tls-failed');
    expect(wrong.reason).toMatch(/127\.0\.0\.1/);
    const right = await run(['127.0.0.1']);
    expect(right.outcome).toBe('accepted');
    expect(right.tls?.verified).toBe(true);
  });

  it('fails clearly under require + verify when the certificate is self-signed', async () => {
    const credentials = await selfSignedCert('mx.hostile.test');
    const s = await server(async (c) => {
      await greet(c, 'STARTTLS');
      expect(await c.line()).toBe('STARTTLS');
      c.reply('220 Go ahead');
      await c.startTls(credentials);
      expect(await c.line()).toBe('QUIT');
      c.reply('221 bye');
      c.end();
    });
    const result = await attempt(
      s.port,
      { tls: 'require', tlsVerify: true },
      { servername: 'mx.hostile.test' },
    );
    expect(result).toMatchObject({ outcome: 'tls-failed', phase: 'starttls' });
    expect(result.reason).toMatch(
      /^The certificate does not verify \(.*SELF_SIGNED.*\), and verification is required\.$/,
    );
    expect(result.recipients[0]?.status).toBe('deferred');
    expect(s.connections).toBe(1);
  });

  it('fails under require when the server offers no STARTTLS', async () => {
    const s = await server(async (c) => {
      await greet(c, 'PIPELINING');
      expect(await c.line()).toBe('QUIT');
      c.reply('221 bye');
      c.end();
    });
    const result = await attempt(s.port, { tls: 'require' });
    expect(result).toMatchObject({
      outcome: 'tls-failed',
      reason: 'The server does not offer STARTTLS, and TLS is required.',
    });
  });

  it('refuses a garbage greeting', async () => {
    const s = await server(async (c) => {
      c.raw('HTTP/1.1 400 Bad Request\r\n\r\n');
      await c.closed();
    });
    const result = await attempt(s.port);
    expect(result).toMatchObject({
      outcome: 'protocol-error',
      reason: 'The server sent "HTTP/1.1 400 Bad Request", which is not an SMTP reply.',
    });
  });
});
