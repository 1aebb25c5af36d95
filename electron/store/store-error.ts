/** The store could not read or write: said in one sentence, with the file and the cause. */
export class StoreError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'StoreError';
  }
}

/** A file system error in words: "no space left on device (ENOSPC)", not Node's "ENOSPC: …, write". */
export function fsReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (!(e instanceof Error)) return String(error);
  const text = e.message
    .replace(/^E[A-Z]+: /, '')
    .replace(
      /, (open|write|read|fsync|fdatasync|ftruncate|rename|unlink|mkdir|stat|scandir)\b.*$/,
      '',
    );
  return e.code && !text.includes(e.code) ? `${text} (${e.code})` : text;
}
