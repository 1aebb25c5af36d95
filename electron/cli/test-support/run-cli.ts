import { execFile } from 'node:child_process';
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
