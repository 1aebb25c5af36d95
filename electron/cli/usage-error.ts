/** Bad input on the command line: printed as one line, exit code 1, never a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes from the CLI contract (../shared/design/CLI.md). */
export const EXIT = { ok: 0, usage: 1, bounced: 2, deferred: 3, checkFailed: 2 } as const;
