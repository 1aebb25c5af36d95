// @ts-check
// Finding the Electron binary. Since Electron 42 the `electron` package downloads its binary
// the first time it is required, and prints a stack trace when that fails. `npm start` and the
// e2e tests look for it without that side effect, fetch it themselves, and say in one line why
// it could not be had.
const { spawn } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

/** @type {Partial<Record<NodeJS.Platform, string>>} */
const executableNames = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };

/** @returns {{ dir: string; version: string } | null} the installed electron package */
function electronPackage() {
  try {
    const manifest = require.resolve('electron/package.json');
    return {
      dir: path.dirname(manifest),
      version: JSON.parse(readFileSync(manifest, 'utf8')).version,
    };
  } catch {
    return null;
  }
}

/**
 * The binary's path where it has been fetched (the path the package's index.js returns,
 * ELECTRON_OVERRIDE_DIST_PATH included), else null. Never downloads.
 * @returns {string | null}
 */
function installedElectron() {
  const pkg = electronPackage();
  if (!pkg) return null;
  const pathFile = path.join(pkg.dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  let binary;
  if (override)
    binary = path.join(override, relative ?? executableNames[process.platform] ?? 'electron');
  else if (relative) binary = path.join(pkg.dir, 'dist', relative);
  else return null;
  return existsSync(binary) ? binary : null;
}

/**
 * The first line of a failed download's output that says something (not a stack frame),
 * without the error class: "fetch failed", "HTTPError: Response code 404 …" stays as is.
 * @param {string} output
 */
function firstReason(output) {
  const line = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('at '));
  if (!line) return null;
  const reason = line.replace(/^(TypeError|Error): /, '');
  return reason.length > 200 ? `${reason.slice(0, 199)}…` : reason;
}

/**
 * Fetch the binary as the package would on its first require, quietly, and resolve its path
 * or the reason it could not be had, in words for one line.
 * @param {{ timeoutMs?: number; onSlow?: (version: string) => void }} [options]
 * @returns {Promise<{ binary: string } | { reason: string }>}
 */
function fetchElectron({ timeoutMs = 15 * 60_000, onSlow } = {}) {
  const pkg = electronPackage();
  if (!pkg)
    return Promise.resolve({ reason: 'the electron package is not installed (run npm install)' });
  const found = installedElectron();
  if (found) return Promise.resolve({ binary: found });
  const what = `the Electron ${pkg.version} binary is not here`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(pkg.dir, 'install.js')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ELECTRON_GET_NO_PROGRESS: '1' },
      windowsHide: true,
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    // A quick failure (offline) says nothing but its reason; a real download says it is one.
    const slow = setTimeout(() => onSlow?.(pkg.version), 2_000);
    const limit = setTimeout(() => child.kill(), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(slow);
      clearTimeout(limit);
      resolve({ reason: `${what} and could not be downloaded (${error.message})` });
    });
    child.once('close', (code, signal) => {
      clearTimeout(slow);
      clearTimeout(limit);
      const binary = code === 0 ? installedElectron() : null;
      if (binary) return resolve({ binary });
      const why = signal
        ? `no answer in ${Math.round(timeoutMs / 1000)} s`
        : (firstReason(output) ?? `its installer exited with ${code}`);
      resolve({ reason: `${what} and could not be downloaded (${why})` });
    });
  });
}

module.exports = { electronPackage, installedElectron, fetchElectron, firstReason };
