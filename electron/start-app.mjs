// @ts-check
// `npm start`: the desktop app where Electron can run. Where it cannot (its binary missing and
// not downloadable, no display, a binary that dies at start), one line says why and MXray opens
// in the browser instead: web mode on 127.0.0.1, on the same data folder. Ctrl+C stops either.
// `npm run dev` passes --dev: Vite serves the renderer with hot reload.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { fetchElectron } = require('./launch/electron-binary.cjs');
const { runElectron } = require('./launch/run-electron.cjs');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');

/** A fresh checkout whose build never ran (or was cleaned) is built first, not refused. */
function ensureBuilt() {
  if (existsSync(path.join(root, 'dist/main.cjs')) && existsSync(path.join(root, 'dist/cli.cjs'))) {
    return;
  }
  console.error('MXray: no build in dist/ yet; building it first (npm run build)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (built.status !== 0) {
    console.error('MXray: the build failed (see above); fix it and run npm start again.');
    process.exit(1);
  }
}

/** Why a desktop window cannot open here, or null. Only X11/Wayland systems can lack one. */
function noDisplay() {
  if (process.platform === 'darwin' || process.platform === 'win32') return null;
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null;
  return 'no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}

/**
 * Forward Ctrl+C and kill to the child, and leave with its exit code.
 * @param {import('node:child_process').ChildProcess} child
 */
function adopt(child) {
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** @param {string} reason why the desktop window cannot open */
function webMode(reason) {
  console.error(`MXray: ${reason}; opening MXray in your browser instead (web mode).`);
  const web = spawn(process.execPath, [path.join(root, 'dist/cli.cjs'), 'web', '--open'], {
    cwd: root,
    stdio: 'inherit',
  });
  adopt(web);
}

async function main() {
  ensureBuilt();
  const found = await fetchElectron({
    onSlow: (version) =>
      console.error(`MXray: downloading Electron ${version} (first start only)…`),
  });
  if ('reason' in found) return webMode(found.reason);
  const missing = noDisplay();
  if (missing) return webMode(missing);

  const env = { ...process.env };
  const helpers = [];
  if (dev) {
    helpers.push(
      spawn(process.execPath, [require.resolve('vite/bin/vite.js')], {
        cwd: root,
        stdio: 'inherit',
      }),
    );
    env.MXRAY_DEV_SERVER_URL = 'http://localhost:5173';
  }
  const outcome = await runElectron(found.binary, [root], env);
  for (const helper of helpers) helper.kill();
  if ('failedToStart' in outcome) return webMode(outcome.failedToStart);
  process.exit(outcome.code);
}

await main();
