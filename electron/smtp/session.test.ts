import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionAttempt } from './connection-attempt';
import { SmtpSession } from './session';
import { freePortOn } from './test-support/free-port';
import {
  acceptOne,
  closeHostileServers,
  greet,
  hostileServer as server,
  sleep,
} from './test-support/hostile-server';
import { attempt, MESSAGE, plan, wire } from './test-support/session-helpers';

afterEach(closeHostileServers);

describe('session against hostile servers: transactions, protocol and lifecycle', () => {
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

  it('waits for a server that sends one byte every 100 ms, as long as the whole reply is inside the timeout', async () => {
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
    const result = await attempt(s.port, {}, { timeouts: { banner: 6000 } });
    expect(result.outcome).toBe('accepted');
    expect(Date.now() - started).toBeGreaterThan(2500); // the greeting alone took 3 s
  });

  it('gives up on a tarpit (a reply dripped a byte at a time) when the phase timeout ends, and says so', async () => {
    const s = await server(async (c) => {
      for (const byte of Buffer.from('220 tarpit.hostile.test ESMTP\r\n')) {
        if (c.received().length > 0) break;
        c.raw(Buffer.from([byte]));
        await sleep(200);
      }
      await c.closed();
    });
    const started = Date.now();
    const result = await attempt(s.port, {}, { timeouts: { banner: 1000 } });
    const took = Date.now() - started;
    expect(result.outcome).toBe('banner-timeout');
    expect(result.reason).toMatch(/^No greeting within 1 s: a reply had begun .*\(a tarpit\)\.$/);
    expect(took).toBeLessThan(2500); // each byte came well inside the timeout, the reply did not
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

  it('defers every recipient when MAIL gets a 4xx under PIPELINING, whatever the pipelined RCPTs got', async () => {
    const s = await server(async (c) => {
      await greet(c, 'PIPELINING');
      for (let i = 0; i < 3; i++) await c.line();
      // The RCPT's 503 only follows from the refused MAIL: it says nothing of the mailbox.
      c.reply('450 4.7.1 sender greylisted', '503 5.5.1 need MAIL command', '503 5.5.1 no RCPT');
      for (;;) {
        const line = await c.line().catch(() => null);
        if (line === null) return;
        if (line === 'QUIT') {
          c.reply('221 bye');
          c.end();
          return;
        }
        c.reply('250 ok');
      }
    });
    const result = await attempt(s.port);
    expect(result.recipients[0]).toMatchObject({
      status: 'deferred',
      reply: { code: 450 },
    });
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
    // The reply that decided answered RCPT, although the session was at DATA by then.
    expect(result.phase).toBe('rcpt');
    expect(result.reply).toMatchObject({ code: 550, enhanced: '5.1.1' });
    expect(result.recipients[0]).toMatchObject({
      status: 'bounced',
      reply: { code: 550, enhanced: '5.1.1' },
    });
  });

  for (const [how, packets] of [
    [
      'in one packet',
      [['250 ok', '450 4.7.1 greylisted, try later', '554 5.5.1 no valid recipients']],
    ],
    [
      'one reply at a time',
      [['250 ok'], ['450 4.7.1 greylisted, try later'], ['554 5.5.1 no valid recipients']],
    ],
  ] as const) {
    it(`pairs pipelined replies with their commands (${how}): a refused RCPT is RCPT's answer`, async () => {
      const s = await server(async (c) => {
        await greet(c, 'PIPELINING');
        for (let i = 0; i < 3; i++) await c.line();
        for (const packet of packets) {
          c.reply(...packet);
          await sleep(20);
        }
        expect(await c.line()).toBe('QUIT');
        c.reply('221 bye');
        c.end();
      });
      const result = await attempt(s.port);
      expect(result).toMatchObject({ outcome: 'deferred', phase: 'rcpt', reply: { code: 450 } });
      expect(result.transactions[0]?.refusedAt).toBe('rcpt');
      expect(result.recipients[0]).toMatchObject({ status: 'deferred', reply: { code: 450 } });
    });
  }

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
    const port = await freePortOn(['127.0.0.1']);
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
