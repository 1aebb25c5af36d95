import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCert } from '../smtp/test-support/certs';
import { startScriptedServer } from '../smtp/test-support/scripted-server';
import { startSmtpServer, type TestSmtpServer } from '../smtp/test-support/smtp-server';
import { runCli } from './test-support/run-cli';

// A submission relay as providers run them (RFC 8314): 465 with TLS from the first byte, and
// 587 with STARTTLS whose AUTH appears only after TLS.
const SMTPS_HOST = '127.0.0.46';
let smtps: TestSmtpServer;
let on465: TestSmtpServer | null = null;
let submission: TestSmtpServer;
let plain: TestSmtpServer;
const logins: string[] = [];
/** Log in as u, the password from RELAY_PW (pw-465). */
const LOGIN = ['--auth-user', 'u', '--auth-pass-env', 'RELAY_PW'];

const auth = {
  authMethods: ['PLAIN'],
  onAuth(
    a: { username?: string; password?: string | null },
    _s: unknown,
    cb: (e: Error | null, r?: { user: string }) => void,
  ) {
    logins.push(`${a.username}:${a.password}`);
    if (a.password === 'pw-465') return cb(null, { user: a.username ?? '' });
    cb(Object.assign(new Error('5.7.8 bad credentials'), { responseCode: 535 }));
  },
};

beforeAll(async () => {
  const { key, cert } = await selfSignedCert('smtps.implicit.test');
  smtps = await startSmtpServer({ secure: true, key, cert, ...auth });
  // Port 465 itself, to show the default follows the port (root may bind it on 127.0.0.46).
  on465 = await startSmtpServer({ secure: true, key, cert, ...auth }, SMTPS_HOST, 465).catch(
    () => null,
  );
  submission = await startSmtpServer({
    disabledCommands: [],
    key,
    cert,
    ...auth,
    hideSTARTTLS: false,
  });
  plain = await startSmtpServer();
});
afterAll(async () => {
  await Promise.all([smtps?.close(), on465?.close(), submission?.close(), plain?.close()]);
});

const send = (server: string, ...extra: string[]) =>
  runCli(
    [
      'send',
      '--from',
      'me@mxray.test',
      '--to',
      'you@implicit.test',
      '--server',
      server,
      '--helo',
      'client.mxray.test',
      '--timeout',
      '3',
      ...extra,
    ],
    { RELAY_PW: 'pw-465' },
  );

describe('implicit TLS (RFC 8314)', () => {
  it('--tls implicit speaks TLS from the first byte, then EHLO and AUTH inside it', async () => {
    const run = await send(`127.0.0.1:${smtps.port}`, '--tls', 'implicit', ...LOGIN);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const tlsAt = lines.findIndex((l) => l.includes('Starting TLS at once (implicit TLS)'));
    const greetingAt = lines.findIndex((l) => /^<~ 220 /.test(l) || /^<- 220 /.test(l));
    expect(tlsAt).toBeGreaterThan(0);
    expect(greetingAt).toBeGreaterThan(tlsAt);
    expect(lines.some((l) => l.startsWith('-> STARTTLS') || l.startsWith('~> STARTTLS'))).toBe(
      false,
    );
    expect(run.stdout).toMatch(/you@implicit\.test: delivered/);
    expect(logins).toContain('u:pw-465');
    expect(smtps.received).toHaveLength(1);
  });

  it('chooses implicit TLS by itself for --server HOST:465', async (ctx) => {
    if (!on465) ctx.skip(); // not root: port 465 cannot be bound here
    const run = await send(`${SMTPS_HOST}:465`, ...LOGIN);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Starting TLS at once (implicit TLS)');
  });

  it('a silent 465 under STARTTLS mode says why within seconds, with one line and exit 3', async (ctx) => {
    if (!on465) ctx.skip();
    const started = Date.now();
    const run = await send(
      `${SMTPS_HOST}:465`,
      '--tls',
      'opportunistic',
      '--timeout',
      '60',
      '--json',
    );
    const took = Date.now() - started;
    expect(took).toBeLessThan(15_000);
    const report = JSON.parse(run.stdout);
    expect(report.recipients[0].reason ?? report.reason).toMatch(
      /No greeting within 10 s\. Port 465 usually speaks TLS from the first byte .*--tls implicit/,
    );
    expect(run.code).toBe(3);
  });

  it('under implicit TLS, a server silent after the handshake gets no "use --tls implicit" hint', async (ctx) => {
    if (!on465) ctx.skip();
    const { key, cert } = await selfSignedCert('silent.implicit.test');
    // Completes the TLS handshake on 465, then never greets.
    const silent = tls.createServer({ key, cert }, () => {});
    const bound = await new Promise<boolean>((resolve) => {
      silent.once('error', () => resolve(false));
      silent.listen(465, '127.0.0.47', () => resolve(true));
    });
    if (!bound) ctx.skip();
    const run = await send('127.0.0.47:465', '--timeout', '1', '--json');
    silent.close();
    const reason = JSON.parse(run.stdout).recipients[0].reason as string;
    expect(reason).toBe('No greeting within 1 s.');
    expect(run.stdout).toContain('Starting TLS at once (implicit TLS)');
  });

  it('--tls implicit against a plaintext server says it answered in plain text', async () => {
    const run = await send(`127.0.0.1:${plain.port}`, '--tls', 'implicit', '--json');
    const report = JSON.parse(run.stdout);
    expect(JSON.stringify(report)).toMatch(
      /The TLS handshake at connect \(implicit TLS\) failed: .*The server answered in plain text: this port speaks SMTP first, so use STARTTLS/,
    );
    expect(plain.received).toHaveLength(0);
  });
});

describe('what the AUTH reasons say the server offered', () => {
  it('--tls off against a relay that offers AUTH only after STARTTLS says so, and sends no password', async () => {
    // As Postfix with smtpd_tls_auth_only: no AUTH in the EHLO reply before TLS.
    const seen: string[] = [];
    const relay = await startScriptedServer(async (c) => {
      c.reply('220 relay.test ESMTP');
      seen.push(await c.line());
      c.reply('250-relay.test', '250-PIPELINING', '250 STARTTLS');
      seen.push(await c.line());
      c.reply('221 bye');
      c.end();
    });
    const run = await send(`127.0.0.1:${relay.port}`, '--tls', 'off', ...LOGIN, '--json');
    await relay.close();
    expect(JSON.stringify(JSON.parse(run.stdout))).toContain(
      'The server does not offer AUTH before TLS. It offers STARTTLS, and relays usually offer AUTH only after it; TLS is off for this send',
    );
    expect(seen).toEqual(['EHLO client.mxray.test', 'QUIT']);
    expect(run.code).toBe(2);
  });

  it('a 538 to AUTH says the server wants TLS first, not that the password is wrong', async () => {
    // smtp-server offers AUTH before TLS but answers it 538 until STARTTLS.
    const run = await send(`127.0.0.1:${submission.port}`, '--tls', 'off', ...LOGIN, '--json');
    const reason = JSON.parse(run.stdout).recipients[0].reason as string;
    expect(reason).toMatch(/^Authentication failed: 538 .* the server takes AUTH only over TLS/);
    expect(reason).not.toContain('check the user name and password');
    expect(submission.received).toHaveLength(0);
  });

  it('a server with neither AUTH nor STARTTLS is said to take no logins', async () => {
    const noAuth = await startSmtpServer({
      authMethods: [],
      disabledCommands: ['STARTTLS', 'AUTH'],
    });
    const run = await send(`127.0.0.1:${noAuth.port}`, '--tls', 'off', ...LOGIN, '--json');
    await noAuth.close();
    expect(JSON.parse(run.stdout).recipients[0].reason).toBe(
      'The server offers neither AUTH nor STARTTLS: it does not take logins, at least not on this port.',
    );
  });
});
