// Startup cost, as a user meets it: `mxray --version`, `mxray web` to its printed URL, and
// `npm start`'s entry falling back to web mode (no Electron binary, its download refused at
// once by a closed port on loopback) to the same URL. Medians and p90 of RUNS runs each.
//   node bench/startup.mjs [ROOT]     ROOT: a built checkout to measure (default: this one)
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? '.');
const RUNS = Number(process.env.RUNS ?? 15);

function timeUntil(args, { env = {}, line } = {}) {
  return new Promise((resolve, reject) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mxray-bench-start-'));
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, MXRAY_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    let seen = null;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (line && seen === null && line.test(out)) {
        seen = Number(process.hrtime.bigint() - started) / 1e6;
        child.kill('SIGINT');
      }
    });
    child.on('exit', (code) => {
      if (!line) return resolve(Number(process.hrtime.bigint() - started) / 1e6);
      if (seen === null) return reject(new Error(`${args.join(' ')} exited ${code}: ${out}`));
      resolve(seen);
    });
  });
}

function summary(name, ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `${name.padEnd(34)} median ${at(0.5).toFixed(0).padStart(5)} ms   p90 ${at(0.9).toFixed(0).padStart(5)} ms`;
}

const url = /MXray web UI: http/;
const cases = [
  ['mxray --version', () => timeUntil(['dist/cli.cjs', '--version'])],
  ['mxray web → URL', () => timeUntil(['dist/cli.cjs', 'web', '--port', '0'], { line: url })],
  [
    'npm start (no Electron) → URL',
    () =>
      timeUntil(['electron/start-app.mjs'], {
        line: url,
        env: {
          ELECTRON_OVERRIDE_DIST_PATH: path.join(os.tmpdir(), 'mxray-bench-no-electron'),
          ELECTRON_MIRROR: 'http://127.0.0.1:9/',
          DISPLAY: '',
          WAYLAND_DISPLAY: '',
        },
      }),
  ],
];

console.log(`startup, ${RUNS} runs each, ${root}, Node ${process.version}`);
for (const [name, once] of cases) {
  const ms = [];
  try {
    for (let i = 0; i < RUNS; i++) ms.push(await once());
    console.log(summary(name, ms));
  } catch (error) {
    console.log(`${name.padEnd(34)} not measured: ${error.message.split('\n')[0]}`);
  }
}
