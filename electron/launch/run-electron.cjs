// @ts-check
// Running the desktop app from `npm start`, telling a binary that cannot start from one that ran.
const { spawn } = require('node:child_process');

const SIGNALS = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);

/**
 * The line of a dying Electron's stderr that says why: the last one with words, without
 * Chromium's "[pid:tid:date:ERROR:file.cc(12)]" prefix.
 * @param {string} stderr
 */
function lastReason(stderr) {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.replace(/^\[[^\]]*\]\s*/, '').trim())
    .filter((l) => l !== '');
  const line = lines.at(-1);
  if (!line) return null;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * Run Electron with these arguments. Its stderr is held back for its first seconds: a binary
 * that dies then (missing shared libraries, a refused sandbox, an unusable display) has failed
 * to start, and that is said in one line so the caller can fall back; later output flows as
 * usual. Ctrl+C and kill are passed on, and an exit they caused is never a failure to start.
 * @param {string} binary
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {{ startWindowMs?: number }} [options]
 * @returns {Promise<{ code: number } | { failedToStart: string }>}
 */
function runElectron(binary, args, env, { startWindowMs = 8_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { stdio: ['inherit', 'inherit', 'pipe'], env });
    let held = '';
    let starting = true;
    let signalled = false;
    const flush = () => {
      starting = false;
      if (held) process.stderr.write(held);
      held = '';
    };
    child.stderr?.on('data', (chunk) => {
      if (starting) held += chunk;
      else process.stderr.write(chunk);
    });
    const timer = setTimeout(flush, startWindowMs);
    /** @type {Array<[NodeJS.Signals, () => void]>} */
    const forwards = SIGNALS.map((signal) => [
      signal,
      () => {
        signalled = true;
        if (child.exitCode === null) child.kill(signal);
      },
    ]);
    for (const [signal, forward] of forwards) process.on(signal, forward);
    const done = (/** @type {{ code: number } | { failedToStart: string }} */ outcome) => {
      clearTimeout(timer);
      for (const [signal, forward] of forwards) process.removeListener(signal, forward);
      resolve(outcome);
    };
    child.once('error', (error) => {
      held = '';
      done({ failedToStart: `the Electron binary could not be started (${error.message})` });
    });
    child.once('close', (code, signal) => {
      if (starting && code !== 0 && !signalled) {
        const why = lastReason(held) ?? (signal ? `killed by ${signal}` : `exit code ${code}`);
        held = '';
        return done({ failedToStart: `Electron could not start (${why})` });
      }
      flush();
      done({ code: code ?? 1 });
    });
  });
}

module.exports = { runElectron, lastReason };
