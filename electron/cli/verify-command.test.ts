import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerifyResult } from '../../shared/verify';
import { addressesFromText } from '../../shared/verify-csv';
import { startVerifyLab, type VerifyLab } from '../verify/test-support/verify-lab';
import { CLEAR_LINE } from './progress-line';
import { runCli, runCliOnTerminal, scriptCommand } from './test-support/run-cli';

const mxray = (args: string[]) => runCli(args);
let lab: VerifyLab;
let dir: string;
beforeAll(async () => {
  lab = await startVerifyLab();
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-cli-verify-'));
});
afterAll(async () => {
  await lab?.close();
  await rm(dir, { recursive: true, force: true });
});

const lab$ = () => [
  '--dns',
  lab.dns.address,
  '--port',
  String(lab.port),
  '--tls',
  'off',
  '--probe-from',
  'probe@mxray.test',
];

describe('mxray verify', () => {
  it('--json gives the right verdicts for a valid, an unknown and a catch-all address', async () => {
    const { code, stdout } = await mxray([
      'verify',
      'alice@users.test',
      'later@grey.test',
      'anyone@catchall.test',
      ...lab$(),
      '--json',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    const results = VerifyResult.array().parse(json.results);
    expect(results.map((r) => [r.address, r.verdict, r.catchAll, r.mx])).toEqual([
      ['alice@users.test', 'deliverable', false, 'mx.users.test'],
      ['later@grey.test', 'unknown', null, 'mx.grey.test'],
      ['anyone@catchall.test', 'risky', true, 'mx.catchall.test'],
    ]);
    expect(results[1]?.reply).toMatchObject({ code: 450, enhanced: '4.7.1' });
    expect(json.sessions.map((s: { domain: string }) => s.domain).sort()).toEqual([
      'catchall.test',
      'grey.test',
      'users.test',
    ]);
    expect(lab.sawData()).toBe(false);
  });

  it('reads a CSV file and writes CSV, with a line per address as it goes in the human form', async () => {
    const file = path.join(dir, 'list.csv');
    await writeFile(
      file,
      'name,email\nAlice,alice@users.test\n"Nobody, really",nobody@users.test\n',
    );
    const csv = await mxray(['verify', '--file', file, ...lab$(), '--csv']);
    expect(csv.stdout.split('\n').slice(0, 3)).toEqual([
      'address,verdict,reason,catch_all,reply,mx',
      'alice@users.test,deliverable,the server accepts this mailbox: 250 Accepted,false,250 Accepted,mx.users.test',
      'nobody@users.test,undeliverable,the mailbox does not exist: 550 5.1.1 <nobody@users.test>: no such user,false,550 5.1.1 <nobody@users.test>: no such user,mx.users.test',
    ]);
    const human = await mxray(['verify', '--file', file, ...lab$()]);
    expect(human.stdout).toContain(
      'deliverable   alice@users.test  the server accepts this mailbox',
    );
    expect(human.stdout).toContain(
      '=== 2 addresses: 1 deliverable, 1 undeliverable, 0 risky, 0 unknown',
    );
  });

  it('--sandbox verifies sandbox addresses against the embedded servers', async () => {
    const { code, stdout } = await mxray([
      'verify',
      '--sandbox',
      '--data-dir',
      dir,
      'alice@reject.sandbox.test',
      'carol@reject.sandbox.test',
      'x@catchall.sandbox.test',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).results.map((r: { verdict: string }) => r.verdict)).toEqual([
      'deliverable',
      'undeliverable',
      'risky',
    ]);
  });

  it('refuses a sandbox address without --sandbox, with one line', async () => {
    const { code, stderr } = await mxray(['verify', 'a@ok.sandbox.test']);
    expect([code, stderr]).toEqual([
      1,
      'mxray: verify: a@ok.sandbox.test is a sandbox domain: add --sandbox\n',
    ]);
  });

  it('--per-domain N sets how many sessions one domain gets at once; 1 asks it in one session', async () => {
    const file = path.join(dir, 'many.txt');
    await writeFile(file, Array.from({ length: 300 }, (_, i) => `a${i}@catchall.test\n`).join(''));
    const sessionsWith = async (n: string) => {
      const { code, stdout } = await mxray([
        'verify',
        '--file',
        file,
        ...lab$(),
        '--per-domain',
        n,
        '--json',
      ]);
      expect(code).toBe(0);
      const json = JSON.parse(stdout);
      expect(json.results.every((r: { verdict: string }) => r.verdict === 'risky')).toBe(true);
      return json.sessions.length;
    };
    // 300 addresses are three transactions of 100: one session, or three units of one each.
    expect(await sessionsWith('1')).toBe(1);
    expect(await sessionsWith('3')).toBe(3);
    expect(lab.sawData()).toBe(false);
  });

  it('refuses a --per-domain that is not a whole number from 1 to 100, with one line', async () => {
    for (const bad of ['0', '-1', 'x', '1.5', '101']) {
      const { code, stdout, stderr } = await mxray([
        'verify',
        'alice@users.test',
        ...lab$(),
        '--per-domain',
        bad,
      ]);
      expect([code, stdout, stderr]).toEqual([
        1,
        '',
        `mxray: verify: --per-domain must be a whole number from 1 to 100, not "${bad}"\n`,
      ]);
    }
    const help = await mxray(['verify', '--help']);
    expect(help.stdout).toContain('--per-domain N');
  });

  it('takes addresses from plain lists and CSV with or without a header', () => {
    expect(addressesFromText('a@x.test\n\n# comment\nb@x.test\n')).toEqual([
      'a@x.test',
      'b@x.test',
    ]);
    expect(addressesFromText('Email,Name\na@x.test,A\n')).toEqual(['a@x.test']);
    expect(addressesFromText('a@x.test,first\nb@x.test,second\n')).toEqual([
      'a@x.test',
      'b@x.test',
    ]);
  });
});

describe('mxray verify --file: the progress line', () => {
  const list = async () => {
    const file = path.join(dir, 'progress.txt');
    const users = ['alice', 'bob', 'nobody', 'postmaster', 'carol'];
    await writeFile(file, users.map((u) => `${u}@users.test\n`).join(''));
    return ['verify', '--file', file, ...lab$()];
  };

  it('is not drawn when stderr is a pipe: stderr stays empty and stdout is plain JSON', async () => {
    const { code, stdout, stderr } = await mxray([...(await list()), '--json']);
    expect([code, stderr]).toEqual([0, '']);
    expect(JSON.parse(stdout).results).toHaveLength(5);
  });

  it.skipIf(!scriptCommand)(
    'is drawn on a terminal and cleared at the end, with stdout as through a pipe (needs util-linux script)',
    async () => {
      const args = [...(await list()), '--csv'];
      const piped = await mxray(args);
      const stdoutFile = path.join(dir, 'progress.csv');
      const { code, terminal } = await runCliOnTerminal(args, { stdoutFile });
      expect(code).toBe(0);
      expect(terminal.startsWith(`${CLEAR_LINE}verify 0/5    0%  —/s  ETA —`)).toBe(true);
      expect(terminal.endsWith(CLEAR_LINE)).toBe(true);
      expect(await readFile(stdoutFile, 'utf8')).toBe(piped.stdout);
    },
  );

  it.skipIf(!scriptCommand)(
    'is taken off the terminal before each result line, which reads as through a pipe (needs util-linux script)',
    async () => {
      const args = await list();
      const piped = await mxray(args);
      const { terminal } = await runCliOnTerminal(args);
      expect(terminal).toContain(`${CLEAR_LINE}verify 0/5`);
      // Cleared for the first result and drawn again after it, with a rate by then.
      expect(terminal).toMatch(/verify 1\/5 {3}20% {2}[\d.]+\/s {2}ETA \d\d:\d\d/);
      // Every redraw is followed by a clear, so the pieces between clears that end a line are
      // stdout's, and a progress line left in front of a result would spoil them.
      const lines = terminal.split(CLEAR_LINE).filter((piece) => piece.endsWith('\n'));
      expect(lines.join('').replaceAll('\r\n', '\n')).toBe(piped.stdout);
    },
  );

  it.skipIf(!scriptCommand)(
    'is not drawn with --no-progress or on TERM=dumb (needs util-linux script)',
    async () => {
      const args = [...(await list()), '--json'];
      const stdoutFile = path.join(dir, 'progress.json');
      expect(await runCliOnTerminal([...args, '--no-progress'], { stdoutFile })).toEqual({
        code: 0,
        terminal: '',
      });
      expect(await runCliOnTerminal(args, { stdoutFile, env: { TERM: 'dumb' } })).toEqual({
        code: 0,
        terminal: '',
      });
      expect(JSON.parse(await readFile(stdoutFile, 'utf8')).results).toHaveLength(5);
    },
  );
});
