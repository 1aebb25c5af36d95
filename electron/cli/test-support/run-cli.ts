import { execFile, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

/** The bundled CLI, as users run it (`npm run build` makes it). */
export const CLI = path.resolve('dist/cli.cjs');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `mxray ARGS…` in a child process and collect what it printed and its exit code. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * util-linux `script`, which runs a command on a pseudo-terminal; null where it is missing
 * (the BSD and macOS `script` take other flags).
 */
export const scriptCommand = (() => {
  const version = spawnSync('script', ['--version'], { encoding: 'utf8' });
  return version.stdout?.includes('util-linux') ? 'script' : null;
})();

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * Run `mxray ARGS…` with a pseudo-terminal as stdin and stderr, and as stdout unless
 * `stdoutFile` takes it: `terminal` is every byte the terminal got (its \n turned into \r\n).
 */
export function runCliOnTerminal(
  args: string[],
  options: { stdoutFile?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; terminal: string }> {
  const redirect = options.stdoutFile ? ` > ${quote(options.stdoutFile)}` : '';
  const command = `exec ${[process.execPath, CLI, ...args].map(quote).join(' ')}${redirect}`;
  return new Promise((resolve, reject) => {
    const child = spawn(scriptCommand ?? 'script', ['-qfec', command, '/dev/null'], {
      env: { ...process.env, TERM: 'xterm', ...options.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? -1, terminal: Buffer.concat(chunks).toString() }),
    );
  });
}
