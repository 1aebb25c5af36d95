import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionAttempt } from './connection-attempt';
import { SmtpSession } from './session';
import { selfSignedCert } from './test-support/certs';
import {
  type ScriptedConnection,
  type ScriptedServer,
  startScriptedServer,
} from './test-support/scripted-server';
import { attempt, MESSAGE, plan, wire } from './test-support/session-helpers';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    expect(s.errors).toEqual([]);
    await s.close();
  }
});

async function server(script: (c: ScriptedConnection, index: number) => Promise<void>) {
  const s = await startScriptedServer(script);
  servers.push(s);
  return s;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Banner and EHLO the usual way; returns after the EHLO reply. */
async function greet(c: ScriptedConnection, ...capabilities: string[]) {
  c.reply('220 mx.hostile.test ESMTP');
  expect(await c.line()).toBe('EHLO client.mxray.test');
  c.reply(
    ...['mx.hostile.test', ...capabilities].map(
      (l, i, all) => `250${i < all.length - 1 ? '-' : ' '}${l}`,
    ),
  );
}

/** MAIL, RCPT, DATA and the body one at a time, accepting everything. */
async function acceptOne(c: ScriptedConnection) {
  expect(await c.line()).toMatch(/^MAIL FROM:</);
  c.reply('250 2.1.0 Ok');
  expect(await c.line()).toMatch(/^RCPT TO:</);
  c.reply('250 2.1.5 Ok');
  expect(await c.line()).toBe('DATA');
  c.reply('354 End data with <CR><LF>.<CR><LF>');
  await c.dataBody();
  c.reply('250 2.0.0 Ok: queued as ABC123');
  expect(await c.line()).toBe('QUIT');
  c.reply('221 2.0.0 Bye');
  c.end();
}

describe('session against hostile servers', () => {
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
      if (index === 0) {
        await greet(c, 'STARTTLS');
        expect(await c.line()).toBe('STARTTLS');
        c.reply('220 2.0.0 Ready to start TLS');
        c.raw('this is not a TLS server hello\r\n');
        await c.closed();
        return;
      }
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

  it('reports a connection closed after RCPT as lost, nothing delivered', async () => {
    const s = await server(async (c) => {
      await greet(c);
      expect(await c.line()).toMatch(/^MAIL FROM/);
      c.reply('250 ok');
      expect(await c.line()).toMatch(/^RCPT TO/);
      c.reply('250 ok');
      c.destroy();
    });
    const result = await attempt(s.port, { pipelining: false });
    expect(result).toMatchObject({ outcome: 'connection-lost', phase: 'data' });
    expect(result.recipients[0]).toMatchObject({ status: 'deferred' });
    expect(result.recipients[0]?.possiblyDelivered).toBeUndefined();
  });

  it('never calls a message delivered when the connection dies after the final dot', async () => {
    const s = await server(async (c) => {
      await greet(c, 'PIPELINING');
      await c.line();
      await c.line();
      await c.line();
      c.reply('250 ok', '250 ok', '354 go');
      await c.dataBody();
      c.destroy();
    });
    const result = await attempt(s.port);
    expect(result).toMatchObject({ outcome: 'uncertain', phase: 'body' });
    expect(result.reason).toMatch(/after the final dot, before any reply: delivery uncertain/);
    expect(result.recipients[0]).toMatchObject({ status: 'deferred', possiblyDelivered: true });
  });

  it('waits for a server that sends one byte every 100 ms, as long as each byte is inside the timeout', async () => {
    const s = await server(async (c) => {
      for (const byte of Buffer.from('220 slow.hostile.test ESMTP\r\n')) {
        c.raw(Buffer.from([byte]));
        await sleep(100);
      }
      expect(await c.line()).toBe('EHLO client.mxray.test');
      c.reply('250 slow.hostile.test');
      await acceptOne(c);
    });
    const started = Date.now();
    const result = await attempt(s.port, {}, { timeouts: { banner: 1000 } });
    expect(result.outcome).toBe('accepted');
    expect(Date.now() - started).toBeGreaterThan(2500); // the banner alone took longer than its timeout
  });

  it('refuses a 100 KB reply line with a clear message, without running out of memory', async () => {
    const s = await server(async (c) => {
      c.raw(`220 ${'x'.repeat(100 * 1024)}\r\n`);
      await c.closed();
    });
    const result = await attempt(s.port);
    expect(result).toMatchObject({
      outcome: 'protocol-error',
      phase: 'banner',
      reason: 'The server sent a reply line longer than 64 KiB; this is not SMTP.',
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

  it('refuses reply code 600', async () => {
    const s = await server(async (c) => {
      c.reply('600 what is this');
      await c.closed();
    });
    const result = await attempt(s.port);
    expect(result).toMatchObject({
      outcome: 'protocol-error',
      reason: 'The server replied with code 600; SMTP replies are 2xx to 5xx.',
    });
  });

  it('handles all pipelined replies arriving in one chunk', async () => {
    const s = await server(async (c) => {
      await greet(c, 'PIPELINING');
      const lines = [
        await c.line(),
        await c.line(),
        await c.line(),
        await c.line(),
        await c.line(),
      ];
      expect(lines).toEqual([
        'MAIL FROM:<sender@mxray.test>',
        'RCPT TO:<a@example.test>',
        'RCPT TO:<b@example.test>',
        'RCPT TO:<c@example.test>',
        'DATA',
      ]);
      c.raw('250 2.1.0 ok\r\n250 2.1.5 ok\r\n250 2.1.5 ok\r\n250 2.1.5 ok\r\n354 go on\r\n');
      await c.dataBody();
      c.reply('250 2.0.0 queued');
      expect(await c.line()).toBe('QUIT');
      c.reply('221 bye');
      c.end();
    });
    const result = await attempt(s.port, {
      transactions: [
        {
          mailFrom: 'sender@mxray.test',
          rcptTo: ['a@example.test', 'b@example.test', 'c@example.test'],
          message: MESSAGE,
        },
      ],
    });
    expect(result.outcome).toBe('accepted');
    expect(result.recipients.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('ends a pipelined DATA with a lone dot when every recipient was refused', async () => {
    const s = await server(async (c) => {
      await greet(c, 'PIPELINING');
      for (let i = 0; i < 3; i++) await c.line();
      c.reply('250 ok', '550 5.1.1 no such user', '354 go on anyway');
      expect((await c.dataBody()).toString()).toBe('.\r\n');
      c.reply('554 5.5.1 no valid recipients');
      expect(await c.line()).toBe('QUIT');
      c.reply('221 bye');
      c.end();
    });
    const result = await attempt(s.port);
    expect(result.outcome).toBe('rejected');
    expect(result.recipients[0]).toMatchObject({
      status: 'bounced',
      reply: { code: 550, enhanced: '5.1.1' },
    });
  });

  it('refuses CR/LF in the HELO name, an address or a header before connecting', async () => {
    const s = await server((c) => c.closed());
    const run = (p: Parameters<typeof plan>[0]) => attempt(s.port, p);
    await expect(run({ heloName: 'evil\r\nMAIL FROM:<x@y>' })).rejects.toThrow(
      'The HELO name contains a line break; refusing to send it.',
    );
    await expect(
      run({
        transactions: [
          { mailFrom: 'a@b.test', rcptTo: ['x@y.test>\r\nRCPT TO:<z@w.test'], message: MESSAGE },
        ],
      }),
    ).rejects.toThrow('The recipient address contains a line break; refusing to send it.');
    await expect(
      run({ transactions: [{ mailFrom: 'a\0@b.test', rcptTo: ['x@y.test'], message: MESSAGE }] }),
    ).rejects.toThrow('The sender address contains a NUL byte; refusing to send it.');
    expect(s.connections).toBe(0);
  });

  it('can be cancelled at any moment, and says where it was', async () => {
    const s = await server(async (c) => {
      await greet(c);
      await c.line(); // MAIL FROM, never answered
      await c.closed();
    });
    const session = new SmtpSession({
      host: '127.0.0.1',
      port: s.port,
      plan: plan({ pipelining: false }),
    });
    const running = session.run();
    await expect.poll(() => session.info().phase).toBe('mail');
    expect(session.info()).toMatchObject({ host: '127.0.0.1', port: s.port, tls: false });
    session.cancel();
    const result = await running;
    expect(result).toMatchObject({ outcome: 'cancelled', phase: 'mail' });
  });

  it('reports a refused connection', async () => {
    const s = await server((c) => c.closed());
    const port = s.port;
    await s.close();
    servers.splice(0);
    const result = await new ConnectionAttempt({ host: '127.0.0.1', port, plan: plan() }).run();
    expect(result).toMatchObject({
      outcome: 'connect-refused',
      phase: 'connect',
      reason: `127.0.0.1:${port} refused the connection.`,
    });
  });

  it('stops where asked with quitAfter, and never sends DATA for a probe', async () => {
    const s = await server(async (c) => {
      await greet(c, 'PIPELINING');
      expect(await c.line()).toBe('MAIL FROM:<sender@mxray.test>');
      expect(await c.line()).toBe('RCPT TO:<rcpt@example.test>');
      c.reply('250 ok', '250 ok');
      expect(await c.line()).toBe('QUIT');
      c.reply('221 bye');
      c.end();
    });
    const result = await attempt(s.port, { quitAfter: 'rcpt' });
    expect(result).toMatchObject({
      outcome: 'quit-after',
      reason: 'Stopped after RCPT, as asked.',
    });
    expect(wire(result).filter((l) => l.startsWith('->'))).toEqual([
      '-> EHLO client.mxray.test',
      '-> MAIL FROM:<sender@mxray.test>',
      '-> RCPT TO:<rcpt@example.test>',
      '-> QUIT',
    ]);
  });
});
