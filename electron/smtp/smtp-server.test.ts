import type { SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { composeMessage } from './message';
import { selfSignedCert } from './test-support/certs';
import { attempt, wire } from './test-support/session-helpers';
import { startSmtpServer, type TestSmtpServer } from './test-support/smtp-server';

const servers: TestSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(options: Partial<SMTPServerOptions> = {}) {
  const server = await startSmtpServer(options);
  servers.push(server);
  return server;
}

describe('against smtp-server', () => {
  it('delivers a composed message over a pipelined session', async () => {
    const server = await startServer({ size: 10 * 1024 * 1024 });
    const message = await composeMessage({
      from: 'Sender <sender@mxray.test>',
      to: ['rcpt@example.test'],
      subject: 'Grüße from MXray',
      text: 'Line one\nLine two\n',
      html: '<p>Hello</p>',
      attachments: [{ filename: 'note.txt', content: Buffer.from('attached') }],
    });
    const result = await attempt(server.port, {
      tls: 'off',
      transactions: [{ mailFrom: 'sender@mxray.test', rcptTo: ['rcpt@example.test'], message }],
    });
    expect(result.outcome).toBe('accepted');
    expect(result.recipients).toEqual([
      expect.objectContaining({
        address: 'rcpt@example.test',
        status: 'delivered',
        reply: expect.objectContaining({ code: 250 }),
      }),
    ]);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]?.body.toString()).toBe(message.toString());
    expect(wire(result)).toEqual(
      expect.arrayContaining([
        '-> EHLO client.mxray.test',
        `-> MAIL FROM:<sender@mxray.test> SIZE=${message.length}`,
        '-> RCPT TO:<rcpt@example.test>',
        '-> DATA',
        '<- 354 End data with <CR><LF>.<CR><LF>',
        '-> .',
        '<- 250 Message queued as TEST1',
        '-> QUIT',
      ]),
    );
    expect(result.timings.map((t) => t.phase)).toEqual([
      'connect',
      'banner',
      'ehlo',
      'mail',
      'rcpt',
      'data',
      'body',
      'quit',
    ]);
  });

  it('sends a body with bare LF, lone CR, "." and ".\\n" lines as exact CRLF, dot-stuffed, one message', async () => {
    const server = await startServer();
    const raw = Buffer.from('Subject: tricky\n\nfirst\nsecond\rthird\r\n.\nfourth\n.\r\nlast');
    const result = await attempt(server.port, {
      tls: 'off',
      transactions: [{ mailFrom: 'a@mxray.test', rcptTo: ['b@example.test'], message: raw }],
    });
    expect(result.outcome).toBe('accepted');
    expect(server.received).toHaveLength(1);
    // smtp-server removes the dot-stuffing; what it hands over is the normalised message.
    expect(server.received[0]?.body.toString()).toBe(
      'Subject: tricky\r\n\r\nfirst\r\nsecond\r\nthird\r\n.\r\nfourth\r\n.\r\nlast\r\n',
    );
  });

  it('keeps going with the accepted recipients when 1 of 3 is accepted', async () => {
    const server = await startServer({
      onRcptTo(address, _s, callback) {
        if (address.address === 'ok@example.test') return callback();
        if (address.address === 'later@example.test')
          return callback(Object.assign(new Error('4.2.1 Try later'), { responseCode: 450 }));
        callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      },
    });
    const result = await attempt(server.port, {
      tls: 'off',
      transactions: [
        {
          mailFrom: 'a@mxray.test',
          rcptTo: ['nobody@example.test', 'ok@example.test', 'later@example.test'],
          message: Buffer.from('Subject: x\r\n\r\nhi\r\n'),
        },
      ],
    });
    expect(result.outcome).toBe('accepted');
    expect(
      result.recipients.map((r) => [r.address, r.status, r.reply?.code, r.reply?.enhanced]),
    ).toEqual([
      ['nobody@example.test', 'bounced', 550, '5.1.1'],
      ['ok@example.test', 'delivered', 250, null],
      ['later@example.test', 'deferred', 450, '4.2.1'],
    ]);
    expect(server.received[0]?.to).toEqual(['ok@example.test']);
  });

  it('reports an opportunistic STARTTLS with a self-signed certificate as unverified, and delivers', async () => {
    const { key, cert } = await selfSignedCert('mx.smtp-server.test');
    const server = await startServer({ disabledCommands: [], key, cert });
    const result = await attempt(server.port, {}, { servername: 'mx.smtp-server.test' });
    expect(result.outcome).toBe('accepted');
    expect(result.tls).toMatchObject({
      verified: false,
      verifyError: expect.stringMatching(/SELF_SIGNED|self.signed/i),
      certificate: expect.objectContaining({ subjectAltNames: ['DNS:mx.smtp-server.test'] }),
    });
    expect(result.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(wire(result)).toEqual(
      expect.arrayContaining(['-> STARTTLS', '~> EHLO client.mxray.test', '~> QUIT']),
    );
  });

  it('bounces every recipient when the relay refuses the credentials (535), defers on a 454', async () => {
    const { key, cert } = await selfSignedCert('relay.smtp-server.test');
    const server = await startServer({
      disabledCommands: [],
      key,
      cert,
      authMethods: ['PLAIN'],
      authOptional: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'busy-user')
          return callback(Object.assign(new Error('4.7.0 try again later'), { responseCode: 454 }));
        callback(Object.assign(new Error('5.7.8 bad credentials'), { responseCode: 535 }));
      },
    });
    const refused = await attempt(server.port, { auth: { user: 'relay-user', pass: 'wrong' } });
    expect(refused.recipients[0]).toMatchObject({ status: 'bounced', reply: { code: 535 } });
    expect(refused.reason).toMatch(
      /Authentication failed: 535 5\.7\.8.*check the user name and password/,
    );
    const busy = await attempt(server.port, { auth: { user: 'busy-user', pass: 'x' } });
    expect(busy.recipients[0]).toMatchObject({ status: 'deferred', reply: { code: 454 } });
  });

  it('never lets the AUTH password into the transcript', async () => {
    const { key, cert } = await selfSignedCert('relay.smtp-server.test');
    for (const method of ['PLAIN', 'LOGIN']) {
      const server = await startServer({
        disabledCommands: [],
        key,
        cert,
        authMethods: [method],
        authOptional: false,
        onAuth(auth, _session, callback) {
          if (auth.username === 'relay-user' && auth.password === 'S3cret-p@ss')
            return callback(null, { user: 'relay-user' });
          callback(new Error('Invalid username or password'));
        },
      });
      const result = await attempt(server.port, {
        auth: { user: 'relay-user', pass: 'S3cret-p@ss' },
      });
      expect(result.outcome, method).toBe('accepted');
      const everything = JSON.stringify({
        ...result,
        transcript: result.transcript,
        timings: result.timings,
      });
      for (const secret of [
        'S3cret-p@ss',
        Buffer.from('S3cret-p@ss').toString('base64'),
        Buffer.from('\0relay-user\0S3cret-p@ss').toString('base64'),
      ]) {
        expect(everything).not.toContain(secret);
      }
      expect(wire(result).some((l) => /AUTH (PLAIN|LOGIN)/.test(l))).toBe(true);
    }
  });
});

describe('the client address a server states', () => {
  it("takes it from smtp-server's EHLO reply: Nice to meet you, [127.0.0.1]", async () => {
    const server = await startServer({ disableReverseLookup: true });
    const result = await attempt(server.port, { tls: 'off', quitAfter: 'ehlo' });
    expect(wire(result)).toContain('<- 250-mx.smtp-server.test Nice to meet you, [127.0.0.1]');
    expect(result.clientAddress).toBe('127.0.0.1');
  });

  it('takes it from a Postfix-shaped banner ($myhostname ESMTP $client_addr) when EHLO says none', async () => {
    const server = await startServer({ banner: '127.0.0.1', heloResponse: '%s' });
    const result = await attempt(server.port, { tls: 'off' });
    expect(wire(result)).toContain('<- 220 mx.smtp-server.test ESMTP 127.0.0.1');
    expect(result.outcome).toBe('accepted');
    expect(result.clientAddress).toBe('127.0.0.1');
  });

  it('null when neither states it; nothing else changes', async () => {
    const server = await startServer({ banner: 'Postfix 3.7.2', heloResponse: '%s' });
    const result = await attempt(server.port, { tls: 'off' });
    expect(result.outcome).toBe('accepted');
    expect(result.clientAddress).toBeNull();
  });
});
