import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenOfUrl, wsProtocols } from '../../shared/web-access';
import { socketAnswer } from '../web/test-support/bridge-socket';

// `npm start` exactly as a user types it, in a process group of its own so that a Ctrl+C can
// reach the whole group as a terminal sends it. Electron cannot be downloaded in these tests:
// ELECTRON_OVERRIDE_DIST_PATH points the package at a folder we control (empty, or holding a
// stand-in binary), and its download goes to a closed port on loopback.

interface Started {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Every process of the tree has let go of stdout and stderr: all of them have ended. */
  ended: Promise<void>;
}

const running: Started[] = [];
afterEach(async () => {
  for (const run of running.splice(0)) {
    try {
      process.kill(-(run.child.pid as number), 'SIGKILL');
    } catch {
      // the group has already ended
    }
  }
});

function collect(stream: NodeJS.ReadableStream, into: string[]) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    into.push(...lines);
  });
}

async function until<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function scratch() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-start-'));
  // A browser opener that only writes down what it was asked to open, and what that page says.
  const bin = path.join(dir, 'bin');
  await mkdir(bin);
  await writeFile(
    path.join(bin, 'xdg-open'),
    `#!/bin/sh\nprintf '%s\\n' "$1" > "${dir}/opened"\ncat "\${1#file://}" > "${dir}/opened.html"\n`,
  );
  await chmod(path.join(bin, 'xdg-open'), 0o755);
  return { dir, bin };
}

/** A stand-in for the Electron binary, written in Node: `script` is its body. */
async function fakeElectron(dir: string, script: string) {
  const file = path.join(dir, 'electron');
  await writeFile(file, `#!${process.execPath}\n${script}\n`);
  await chmod(file, 0o755);
  return dir;
}

function npmStart(env: NodeJS.ProcessEnv): Started {
  const child = spawn('npm', ['start'], {
    cwd: path.resolve('.'),
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Started = {
    child,
    stdout: [],
    stderr: [],
    ended: new Promise((resolve) => child.once('close', () => resolve())),
  };
  collect(child.stdout as NodeJS.ReadableStream, run.stdout);
  collect(child.stderr as NodeJS.ReadableStream, run.stderr);
  running.push(run);
  return run;
}

function baseEnv(s: { dir: string; bin: string }, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${s.bin}${path.delimiter}${process.env.PATH}`,
    MXRAY_DATA_DIR: path.join(s.dir, 'data'),
    ELECTRON_MIRROR: 'http://127.0.0.1:9/',
    electron_config_cache: path.join(s.dir, 'electron-cache'),
    ...extra,
  };
  for (const [key, value] of Object.entries(extra)) if (value === undefined) delete env[key];
  return env;
}

const URL_LINE = /^MXray web UI: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)$/;

/** The launcher's own lines: everything npm and the web server did not print. */
function launcherLines(run: Started) {
  return run.stderr.filter((l) => l.startsWith('MXray:'));
}

/** The web-mode fallback, checked as a user meets it: the URL, the page, the opener, Ctrl+C. */
async function expectWebMode(run: Started, s: { dir: string }, opened: boolean) {
  const url = await until('the web URL', () =>
    run.stdout.map((l) => URL_LINE.exec(l)?.[1]).find(Boolean),
  );
  expect(run.stdout.join('\n')).toContain(`data in ${path.join(s.dir, 'data')}`);
  expect(await openPage(url as string)).toContain('<title>MXray</title>');
  const { origin, port } = new URL(url as string);
  expect(await socketAnswer(Number(port))).toBe(403);
  expect(
    await socketAnswer(Number(port), { protocols: wsProtocols(tokenOfUrl(url as string) ?? '') }),
  ).toBe('open');
  if (opened) {
    await until('the browser opener', () =>
      run.stdout.includes('Opened it in your browser.') ? true : undefined,
    );
    // The opener's command line (readable by any local user) names a 0600 page, not the key;
    // the page sends the browser on to the URL.
    const opened = (await readFile(path.join(s.dir, 'opened'), 'utf8')).trim();
    expect(opened).toBe(`file://${path.join(s.dir, 'data', 'open-mxray.html')}`);
    expect(opened).not.toContain(tokenOfUrl(url as string));
    expect(await readFile(path.join(s.dir, 'opened.html'), 'utf8')).toContain(
      `location.replace(${JSON.stringify(url)})`,
    );
  }
  await ctrlC(run);
  await expect(fetch(`${origin}/`)).rejects.toThrow();
  expect(run.stderr.join('\n')).not.toMatch(/internal error|^\s+at /m);
}

/** Ctrl+C as a terminal sends it, to the whole group; every process must then end. */
async function ctrlC(run: Started) {
  process.kill(-(run.child.pid as number), 'SIGINT');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    run.ended,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('still running 10 s after Ctrl+C')), 10_000);
    }),
  ]);
  clearTimeout(timer);
}

/** Load the page as a browser would: the fragment stays in the browser. */
async function openPage(url: string): Promise<string> {
  const res = await fetch(url.split('#')[0] as string);
  expect(res.status).toBe(200);
  return res.text();
}

describe.skipIf(process.platform === 'win32')('npm start', () => {
  it('falls back to web mode in one line when the Electron binary cannot be downloaded', async () => {
    const s = await scratch();
    const run = npmStart(
      baseEnv(s, { ELECTRON_OVERRIDE_DIST_PATH: path.join(s.dir, 'no-electron'), DISPLAY: ':99' }),
    );
    await expectWebMode(run, s, true);
    const lines = launcherLines(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^MXray: the Electron \d+\.\d+\.\d+ binary is not here and could not be downloaded \(.+\); opening MXray in your browser instead \(web mode\)\.$/,
    );
  });

  it.skipIf(process.platform === 'darwin')(
    'falls back to web mode where there is no display, and opens no browser',
    async () => {
      const s = await scratch();
      const dist = await fakeElectron(
        s.dir,
        `require('fs').writeFileSync(${JSON.stringify(path.join(s.dir, 'ran'))}, 'yes');`,
      );
      const run = npmStart(
        baseEnv(s, {
          ELECTRON_OVERRIDE_DIST_PATH: dist,
          DISPLAY: undefined,
          WAYLAND_DISPLAY: undefined,
        }),
      );
      await expectWebMode(run, s, false);
      expect(launcherLines(run)).toEqual([
        'MXray: no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set); opening MXray in your browser instead (web mode).',
      ]);
      expect(run.stdout).toContain(
        'Could not open a browser (no display): open the URL above yourself.',
      );
      await expect(readFile(path.join(s.dir, 'ran'))).rejects.toThrow();
    },
  );

  it('falls back to web mode when the Electron binary dies at start, saying why', async () => {
    const s = await scratch();
    const dist = await fakeElectron(
      s.dir,
      `process.stderr.write('[4242:1203/101010.000:ERROR:ozone_platform.cc(1)] electron: error while loading shared libraries: libnss3.so: cannot open shared object file\\n');
       process.exit(127);`,
    );
    const run = npmStart(baseEnv(s, { ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':99' }));
    await expectWebMode(run, s, true);
    expect(launcherLines(run)).toEqual([
      'MXray: Electron could not start (electron: error while loading shared libraries: libnss3.so: cannot open shared object file); opening MXray in your browser instead (web mode).',
    ]);
  });

  it('opens the desktop app where Electron runs, passes Ctrl+C on, and starts no web mode', async () => {
    const s = await scratch();
    const record = path.join(s.dir, 'electron-run');
    const dist = await fakeElectron(
      s.dir,
      `const fs = require('fs');
       fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), data: process.env.MXRAY_DATA_DIR }));
       process.on('SIGINT', () => { fs.appendFileSync(${JSON.stringify(record)}, '\\nSIGINT'); process.exit(0); });
       setInterval(() => {}, 1000);`,
    );
    const run = npmStart(baseEnv(s, { ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':99' }));
    const first = await until('the stand-in to start', () => {
      try {
        return readFileSync(record, 'utf8');
      } catch {
        return undefined;
      }
    });
    expect(JSON.parse(first)).toEqual({
      args: [path.resolve('.')],
      data: path.join(s.dir, 'data'),
    });
    await ctrlC(run);
    expect(await readFile(record, 'utf8')).toMatch(/\nSIGINT$/);
    expect(launcherLines(run)).toEqual([]);
    expect(run.stdout.some((l) => URL_LINE.test(l))).toBe(false);
  });
});
