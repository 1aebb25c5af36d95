import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InboxSummary, Scenario } from '../../shared/sandbox';
import { SendReport } from '../../shared/send';
import { CLI, runCli } from './test-support/run-cli';

const mxray = (args: string[]) => runCli(args);
let dir: string;
let foreground: ChildProcess | null = null;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-cli-sandbox-'));
});
afterEach(async () => {
  foreground?.kill('SIGKILL');
  foreground = null;
  await rm(dir, { recursive: true, force: true });
});

const message = ['--from', 'cli@mxray.test', '--subject', 'sandbox', '--body', 'hello'];

describe('mxray send --sandbox and mxray sandbox', () => {
  it('send --sandbox --to you@failover.sandbox.test --json: refused, 421, accepted; the inbox has it', async () => {
    const { code, stdout } = await mxray([
      'send',
      '--sandbox',
      '--data-dir',
      dir,
      ...message,
      '--to',
      'you@failover.sandbox.test',
      '--json',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    const report = SendReport.parse(json);
    expect(
      report.attempts.map((a) => [a.n, a.host, a.preference, a.outcome, a.reply?.code ?? null]),
    ).toEqual([
      [1, 'mx10.failover.sandbox.test', 10, 'connect-refused', null],
      [2, 'mx20.failover.sandbox.test', 20, 'greeting-rejected', 421],
      [3, 'mx30.failover.sandbox.test', 30, 'accepted', 250],
    ]);
    expect(report.recipients).toEqual([
      expect.objectContaining({ address: 'you@failover.sandbox.test', status: 'delivered' }),
    ]);
    const [kept] = json.sandboxInbox;
    expect(kept).toMatchObject({
      scenario: 'failover.sandbox.test',
      host: 'mx30.failover.sandbox.test',
    });
    expect((await readFile(kept.file, 'utf8')).endsWith('hello\r\n')).toBe(true);

    const inbox = await mxray(['sandbox', '--inbox', '--data-dir', dir, '--json']);
    expect(inbox.code).toBe(0);
    const messages = InboxSummary.array().parse(JSON.parse(inbox.stdout).messages);
    expect(messages.map((m) => [m.id, m.rcptTo, m.subject])).toEqual([
      [kept.id, ['you@failover.sandbox.test'], 'sandbox'],
    ]);
  });

  it('send --sandbox to reject and nullmx exits 2 with the reasons', async () => {
    const { code, stdout } = await mxray([
      'send',
      '--sandbox',
      '--data-dir',
      dir,
      ...message,
      '--to',
      'carol@reject.sandbox.test',
      '--to',
      'you@nullmx.sandbox.test',
    ]);
    expect(code).toBe(2);
    expect(stdout).toContain(
      '=== carol@reject.sandbox.test: bounced — 550 5.1.1 <carol@reject.sandbox.test>: no such user here',
    );
    expect(stdout).toMatch(
      /=== you@nullmx\.sandbox\.test: bounced — 5\.1\.10 nullmx\.sandbox\.test publishes a null MX/,
    );
  });

  it.each([
    [
      ['--to', 'you@ok.sandbox.test'],
      "mxray: send: you@ok.sandbox.test is a sandbox domain: add --sandbox to deliver to MXray's embedded servers",
    ],
    [
      ['--sandbox', '--to', 'you@example.com'],
      'mxray: send: --sandbox delivers only to *.sandbox.test; you@example.com is not one (leave out --sandbox to send to the Internet)',
    ],
    [
      ['--sandbox', '--to', 'you@ok.sandbox.test', '--dns', '127.0.0.1'],
      'mxray: send: --sandbox routes to its own servers; leave out --server, --port and --dns',
    ],
    [
      ['--to', 'you@example.com', '--data-dir', '/tmp'],
      'mxray: send: --data-dir is for --sandbox (where its inbox lives)',
    ],
  ])('refuses send %j with one line and exit 1', async (extra, line) => {
    const { code, stdout, stderr } = await mxray(['send', ...message, ...extra]);
    expect([code, stdout, stderr.trimEnd()]).toEqual([1, '', line]);
  });

  it('mx refuses a sandbox domain instead of asking DNS', async () => {
    const { code, stderr } = await mxray(['mx', 'failover.sandbox.test']);
    expect([code, stderr.trimEnd()]).toEqual([
      1,
      'mxray: mx: failover.sandbox.test is a sandbox domain, routed inside MXray and never through DNS; mxray sandbox lists its hosts',
    ]);
  });

  it('sandbox runs in the foreground, prints its ports, and reports what it receives', async () => {
    foreground = spawn(process.execPath, [
      CLI,
      'sandbox',
      '--data-dir',
      dir,
      '--json',
      '--greylist-delay',
      '7',
    ]);
    const lines = createInterface({ input: foreground.stdout as NodeJS.ReadableStream })[
      Symbol.asyncIterator
    ]();
    const first = JSON.parse((await lines.next()).value);
    const scenarios = Scenario.array().parse(first.scenarios);
    expect(
      scenarios.find((s) => s.domain === 'greylist.sandbox.test')?.knobs.greylistDelaySeconds,
    ).toBe(7);
    const ok = scenarios.find((s) => s.domain === 'ok.sandbox.test')?.hosts[0];
    const sent = await mxray([
      'send',
      ...message,
      '--to',
      'x@ok.sandbox.test',
      '--server',
      `127.0.0.1:${ok?.port}`,
    ]);
    expect(sent.code).toBe(0);
    const received = JSON.parse((await lines.next()).value);
    expect(received.received).toMatchObject({
      scenario: 'ok.sandbox.test',
      rcptTo: ['x@ok.sandbox.test'],
    });
    const exited = new Promise<number | null>((resolve) => foreground?.once('exit', resolve));
    foreground.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('sandbox --inbox on an empty folder says so', async () => {
    const { code, stdout } = await mxray(['sandbox', '--inbox', '--data-dir', dir]);
    expect(code).toBe(0);
    expect(stdout).toBe(`The sandbox inbox (${path.join(dir, 'sandbox-inbox')}) is empty.\n`);
  });
});
