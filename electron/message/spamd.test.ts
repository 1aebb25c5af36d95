import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MessageReport } from '../../shared/message-report';
import { CLI, runCli } from '../cli/test-support/run-cli';
import { freePortOn } from '../smtp/test-support/free-port';
import { spamFromSettings } from './spam-adapter';
import { parseReportRules, spamdCheck } from './spamd';
import { plainMessage } from './test-support/signed-mail';
import { type SpamdInstance, spamdInstalled, startSpamd } from './test-support/spamd';

/** SpamAssassin's test pattern: any spamd scores a message holding it 1000. */
const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

// A real spamd from Debian's packages; .ci/run installs it and sets MXRAY_REQUIRE_SPAMD=1.
// Elsewhere the suite says why it skips.
const available = spamdInstalled();
if (!available && process.env.MXRAY_REQUIRE_SPAMD === '1')
  throw new Error('MXRAY_REQUIRE_SPAMD=1 needs spamd: apt-get install spamassassin spamd');

describe.skipIf(!available)('against a real spamd (Debian spamassassin, no network)', () => {
  let spamd: SpamdInstance;
  beforeAll(async () => {
    spamd = await startSpamd();
  }, 90_000);
  afterAll(() => spamd?.stop());

  const target = () => ({ host: spamd.host, port: spamd.port });

  it('GTUBE: scored over the threshold, spam, the GTUBE rule listed with its description', async () => {
    // Unix line endings on purpose: the client sends CRLF with the matching Content-length.
    const message = Buffer.from(
      plainMessage({ subject: 'gtube', body: `Test.\r\n${GTUBE}` })
        .toString()
        .replaceAll('\r\n', '\n'),
    );
    const verdict = await spamdCheck(message, target());
    expect(verdict).toMatchObject({
      status: 'scored',
      server: `127.0.0.1:${spamd.port}`,
      isSpam: true,
      threshold: 5,
    });
    if (verdict.status !== 'scored') throw new Error('not scored');
    expect(verdict.score).toBeGreaterThanOrEqual(1000);
    expect(verdict.rules).toContainEqual({
      name: 'GTUBE',
      score: 1000,
      description: 'BODY: Generic Test for Unsolicited Bulk Email',
    });
    // The rules add up to the score spamd announced (each to one decimal in the table).
    const sum = verdict.rules.reduce((total, rule) => total + rule.score, 0);
    expect(Math.abs(sum - verdict.score)).toBeLessThan(0.05 * verdict.rules.length + 0.1);
  });

  it('an ordinary well-formed message: under the threshold, not spam, the hits listed', async () => {
    const verdict = await spamFromSettings(`127.0.0.1:${spamd.port}`)?.(plainMessage());
    expect(verdict).toMatchObject({ status: 'scored', isSpam: false, threshold: 5 });
    if (verdict?.status !== 'scored') throw new Error('not scored');
    expect(verdict.score).toBeLessThan(5);
    // Never relayed over SMTP, so spamd's informational rules hit.
    expect(verdict.rules.map((r) => r.name)).toContain('NO_RELAYS');
    for (const rule of verdict.rules) {
      expect(rule.name).toMatch(/^\w+$/);
      expect(rule.description).not.toBe('');
    }
  });

  it('mxray inspect --spamd HOST:PORT --json reports the score', async () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-spamd-cli-'));
    try {
      const file = path.join(dir, 'gtube.eml');
      await writeFile(file, plainMessage({ subject: 'gtube', body: GTUBE }));
      const { stdout, stderr } = await runCli([
        'inspect',
        '--spamd',
        `127.0.0.1:${spamd.port}`,
        '--sandbox',
        '--json',
        file,
      ]);
      expect(stderr).toBe('');
      const report = MessageReport.parse(JSON.parse(stdout));
      expect(report.spam).toMatchObject({
        status: 'scored',
        server: `127.0.0.1:${spamd.port}`,
        isSpam: true,
      });
      if (report.spam.status !== 'scored') throw new Error('not scored');
      expect(report.spam.score).toBeGreaterThanOrEqual(1000);
      expect(report.spam.rules.map((r) => r.name)).toContain('GTUBE');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('spamd that cannot score', () => {
  const servers: net.Server[] = [];
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });
  /** A TCP server on 127.0.0.1 that does `onConnection` with each client; resolves its port. */
  const serve = async (onConnection: (socket: net.Socket) => void) => {
    // Half-open allowed: the client's end of request does not close our side.
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      sockets.push(socket);
      socket.on('error', () => {});
      onConnection(socket);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as net.AddressInfo).port;
  };
  /** Reads the request (headers and Content-length bytes), then answers with `reply`. */
  const answering = (reply: string) =>
    serve((socket) => {
      let got = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        got = Buffer.concat([got, chunk]);
        const end = got.indexOf('\r\n\r\n');
        const length = Number(/Content-length: (\d+)/.exec(got.toString())?.[1]);
        if (end >= 0 && got.length - end - 4 >= length) socket.end(reply);
      });
    });

  it('a refused connection is an error naming the server', async () => {
    const port = await freePortOn(['127.0.0.1']);
    expect(await spamdCheck(plainMessage(), { host: '127.0.0.1', port })).toEqual({
      status: 'error',
      server: `127.0.0.1:${port}`,
      error: `spamd at 127.0.0.1:${port} refused the connection.`,
    });
  });

  it('a server that accepts and never answers: an error after the timeout', async () => {
    // Reads the whole request, then says nothing, as a spamd stuck in a scan.
    const port = await serve((socket) => socket.resume());
    const verdict = await spamdCheck(
      plainMessage(),
      { host: '127.0.0.1', port },
      { timeoutMs: 300 },
    );
    expect(verdict).toEqual({
      status: 'error',
      server: `127.0.0.1:${port}`,
      error: `spamd at 127.0.0.1:${port} did not answer within 0.3 s.`,
    });
  });

  it('a reply that is not spamd protocol is an error quoting it', async () => {
    const port = await answering('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    const verdict = await spamdCheck(plainMessage(), { host: '127.0.0.1', port });
    expect(verdict).toEqual({
      status: 'error',
      server: `127.0.0.1:${port}`,
      error: `spamd at 127.0.0.1:${port} answered with "HTTP/1.1 400 Bad Request", which is not spamd's protocol.`,
    });
  });

  it("spamd's refusal (a status line with an exit code) is an error with its reason", async () => {
    const port = await answering('SPAMD/1.0 76 Bad header line: (EOF)\r\n');
    const verdict = await spamdCheck(plainMessage(), { host: '127.0.0.1', port });
    expect(verdict).toMatchObject({
      status: 'error',
      error: `spamd at 127.0.0.1:${port} refused the message with code 76 (EX_PROTOCOL): Bad header line: (EOF).`,
    });
  });

  it('a refusal sent before the whole message was read, then a reset: the refusal is kept', async () => {
    // spamd answers a bad request at once and closes with our bytes unread: the kernel resets.
    const port = await serve((socket) => {
      socket.write('SPAMD/1.0 76 Bad header line: x\r\n', () =>
        setTimeout(() => socket.resetAndDestroy(), 20),
      );
    });
    const big = plainMessage({ body: 'x'.repeat(400_000) });
    const verdict = await spamdCheck(big, { host: '127.0.0.1', port });
    expect(verdict).toMatchObject({
      status: 'error',
      error: `spamd at 127.0.0.1:${port} refused the message with code 76 (EX_PROTOCOL): Bad header line: x.`,
    });
  });

  it('a reply cut short of its Content-length is an error, not a verdict', async () => {
    const port = await answering(
      'SPAMD/1.1 0 EX_OK\r\nContent-length: 500\r\nSpam: False ; 1.0 / 5.0\r\n\r\nSpam detection',
    );
    const verdict = await spamdCheck(plainMessage(), { host: '127.0.0.1', port });
    expect(verdict).toMatchObject({
      status: 'error',
      error: `spamd at 127.0.0.1:${port} closed the connection after 14 of 500 bytes.`,
    });
  });

  it('an OK reply without the Spam header is an error', async () => {
    const port = await answering('SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\n\r\n');
    const verdict = await spamdCheck(plainMessage(), { host: '127.0.0.1', port });
    expect(verdict.status === 'error' && verdict.error).toMatch(/without a readable "Spam: /);
  });

  it('a message over 500 KiB is not sent: an error saying so', async () => {
    let connections = 0;
    const port = await serve((socket) => {
      connections++;
      socket.destroy();
    });
    const big = plainMessage({ body: `${'x'.repeat(76)}\r\n`.repeat(7000) });
    const verdict = await spamdCheck(big, { host: '127.0.0.1', port });
    expect(verdict).toMatchObject({ status: 'error' });
    expect(verdict.status === 'error' && verdict.error).toMatch(
      /^The message is 534 KiB, over the 500 KiB spamc sends to spamd at 127\.0\.0\.1:\d+; not scored\.$/,
    );
    expect(connections).toBe(0);
  });

  it('a malformed address from Settings is an error verdict, none configured is undefined', async () => {
    expect(spamFromSettings('  ')).toBeUndefined();
    expect(await spamFromSettings('localhost')?.(plainMessage())).toMatchObject({
      status: 'error',
      server: 'localhost',
      error: expect.stringMatching(/must be host:port/),
    });
  });
});

describe('parseReportRules', () => {
  it('reads points, name and description; joins wrapped descriptions; stops at the blank line', () => {
    const report = [
      'Content analysis details:   (6.1 points, 5.0 required)',
      '',
      ' pts rule name              description',
      '---- ---------------------- --------------------------------------------------',
      ' 1.6 RCVD_IN_SBL            RBL: Received via a relay in Spamhaus SBL',
      '                            [127.0.0.2 listed in zen.spamhaus.org]',
      '-0.0 SPF_PASS               SPF: sender matches SPF record',
      '1000 GTUBE                  BODY: Generic Test for Unsolicited Bulk Email',
      '-1.9 BAYES_00               BODY: Bayes spam probability is 0 to 1%',
      '                            [score: 0.0000]',
      ' 0.1 A_RULE_NAME_LONGER_THAN_THE_COLUMN Its description',
      '',
      ' 9.9 NOT_A_RULE             after the table',
    ].join('\n');
    expect(parseReportRules(report)).toEqual([
      {
        name: 'RCVD_IN_SBL',
        score: 1.6,
        description:
          'RBL: Received via a relay in Spamhaus SBL [127.0.0.2 listed in zen.spamhaus.org]',
      },
      { name: 'SPF_PASS', score: 0, description: 'SPF: sender matches SPF record' },
      { name: 'GTUBE', score: 1000, description: 'BODY: Generic Test for Unsolicited Bulk Email' },
      {
        name: 'BAYES_00',
        score: -1.9,
        description: 'BODY: Bayes spam probability is 0 to 1% [score: 0.0000]',
      },
      { name: 'A_RULE_NAME_LONGER_THAN_THE_COLUMN', score: 0.1, description: 'Its description' },
    ]);
  });

  it('no table (a report template without one): no rules', () => {
    expect(parseReportRules('Spam detection software\n\nnothing here\n')).toEqual([]);
  });
});
