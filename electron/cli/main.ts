import path from 'node:path';
import { APP_VERSION } from '../app/version';
import { commands, mainHelp } from './commands';
import { runMx } from './mx-command';
import { runSandbox } from './sandbox-command';
import { runSend } from './send-command';
import { EXIT, UsageError } from './usage-error';
import { runVerify } from './verify-command';
import { runWeb } from './web-command';

/** The built renderer sits beside the bundled CLI: dist/cli.cjs and dist/renderer/. */
const rendererDir = path.join(__dirname, 'renderer');

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
  if (command === 'web') return runWeb(rest, rendererDir);
  if (command === 'send') return runSend(rest);
  if (command === 'mx') return runMx(rest);
  if (command === 'sandbox') return runSandbox(rest);
  if (command === 'verify') return runVerify(rest);
  throw new UsageError(
    `'${command}' is not in this build of MXray yet; see mxray --help for the commands that are`,
  );
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
