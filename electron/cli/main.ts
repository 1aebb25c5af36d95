import path from 'node:path';
import { APP_VERSION } from '../app/version';
import { runCheck } from './check-command';
import { type CommandName, commands, mainHelp } from './commands';
import { runDkim } from './dkim-command';
import { runInspect } from './inspect-command';
import { runMx } from './mx-command';
import { runSandbox } from './sandbox-command';
import { runSend } from './send-command';
import { EXIT, UsageError } from './usage-error';
import { runVerify } from './verify-command';
import { runWeb } from './web-command';

/** The built renderer sits beside the bundled CLI: dist/cli.cjs and dist/renderer/. */
const rendererDir = path.join(__dirname, 'renderer');

const runners: Record<CommandName, (args: string[]) => Promise<number>> = {
  mx: runMx,
  send: runSend,
  verify: runVerify,
  check: runCheck,
  dkim: runDkim,
  inspect: runInspect,
  sandbox: runSandbox,
  web: (args) => runWeb(args, rendererDir),
};

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    console.log(mainHelp(APP_VERSION));
    return EXIT.ok;
  }
  if (command === '-v' || command === '--version') {
    console.log(APP_VERSION);
    return EXIT.ok;
  }
  const known = commands.find((c) => c.name === command);
  if (!known) {
    throw new UsageError(
      command.startsWith('-')
        ? `unknown option '${command}' (see mxray --help)`
        : `unknown command '${command}' (see mxray --help)`,
    );
  }
  return runners[known.name](rest);
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`mxray: ${error.message}`);
      process.exitCode = EXIT.usage;
      return;
    }
    // A bug, not bad input: one line for the user, the details only when asked for.
    console.error(
      `mxray: internal error: ${error instanceof Error ? error.message : String(error)}`,
    );
    if (process.env.MXRAY_DEBUG) console.error(error);
    process.exitCode = 70;
  },
);
