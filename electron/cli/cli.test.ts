import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenOfUrl, wsProtocols } from '../../shared/web-access';
import { socketAnswer } from '../web/test-support/bridge-socket';
import { CLI, runCli } from './test-support/run-cli';

// The CLI as users get it: the bundled bin, run by plain Node.
const mxray = (...args: string[]) => runCli(args);

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
});

describe('mxray CLI', () => {
  it('lists the commands of the CLI contract', async () => {
    const { code, stdout } = await mxray('--help');
    expect(code).toBe(0);
    for (const command of [
      'mx DOMAIN',
      'send',
      'verify ADDRESS',
      'check DOMAIN',
      'dkim keygen',
      'inspect FILE.eml',
      'sandbox',
      'web [--port N]',
    ]) {
      expect(stdout).toContain(`mxray ${command}`);
    }
  });

  it('prints the package version', async () => {
    const { code, stdout } = await mxray('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(process.env.npm_package_version ?? '0.1.0');
  });

  it.each([
    [['frobnicate'], "mxray: unknown command 'frobnicate' (see mxray --help)"],
    [['--frob'], "mxray: unknown option '--frob' (see mxray --help)"],
    [['web', '--frob'], "mxray: web: unknown option '--frob' (see mxray web --help)"],
    [
      ['web', '--port', '70000'],
      'mxray: web: --port must be a number from 0 to 65535, not "70000"',
    ],
    [
      ['check', 'not a domain!'],
      'mxray: check: "not a domain!" is not a domain name, like example.com.',
    ],
    [['check'], 'mxray: check: give exactly one DOMAIN (see mxray check --help)'],
    [
      ['mx', 'a..b.com'],
      'mxray: mx: "a..b.com" is not a domain name: it has an empty label (two dots in a row, or a leading dot)',
    ],
    [
      ['mx', `${'a'.repeat(64)}.com`],
      `mxray: mx: "${'a'.repeat(64)}.com" is not a domain name: it has a label of 64 characters; at most 63`,
    ],
    [
      ['mx', 'exa\tmple.com'],
      'mxray: mx: "exa\\tmple.com" is not a domain name: it contains a tab at character 4',
    ],
    [
      ['send', '--to', 'a@b.test'],
      'mxray: send: --from is required (use --from "" for the null sender)',
    ],
    [
      ['send', '--from', 'a@b.test', '--to', 'b@example.test', '--tls', 'implicit'],
      'mxray: send: --tls (off, opportunistic, require or implicit): Implicit TLS is for a relay on port 465 (--server HOST:465); MX servers speak STARTTLS',
    ],
    [['verify'], 'mxray: verify: give at least one ADDRESS or --file F (see mxray verify --help)'],
    [
      ['verify', 'alice@exa\tmple.test'],
      'mxray: verify: "alice@exa\\tmple.test" contains a tab at character 10',
    ],
    [
      ['verify', 'ali\u001bce@example.test'],
      'mxray: verify: "ali\\u001bce@example.test" contains an escape at character 4',
    ],
    [
      ['verify', 'a@b.test', '--tls', 'maybe'],
      'mxray: verify: --tls must be off, opportunistic or require, not "maybe"',
    ],
    [
      ['web', '--port', '0', '--data-dir', `${__filename}/data`],
      `mxray: web: the folder ${__filename}/data cannot be used (not a directory (ENOTDIR))`,
    ],
  ])('refuses %j with exit 1 and one line, no stack trace', async (args, line) => {
    const { code, stdout, stderr } = await mxray(...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${line}\n`);
  });
});

describe('mxray web', () => {
  let child: ChildProcess;
  let url: URL;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'mxray-cli-web-'));
    child = spawn(process.execPath, [CLI, 'web', '--port', '0', '--data-dir', dataDir]);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    for await (const line of lines) {
      const match = /^MXray web UI: (\S+)$/.exec(line);
      if (match?.[1]) {
        url = new URL(match[1]);
        break;
      }
    }
  });
  afterAll(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the shell on 127.0.0.1, and its socket only to the token the URL carries', async () => {
    expect(url.hostname).toBe('127.0.0.1');
    const token = tokenOfUrl(url.href) ?? '';
    expect(token.length).toBeGreaterThanOrEqual(32);
    const port = Number(url.port);
    expect(await socketAnswer(port)).toBe(403);
    expect(await socketAnswer(port, { protocols: wsProtocols(token) })).toBe('open');

    const shell = await fetch(url);
    expect(shell.status).toBe(200);
    const html = await shell.text();
    expect(html).toContain('<div id="root"></div>');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const bundle = await fetch(new URL(`/${script}`, url));
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  });
});
