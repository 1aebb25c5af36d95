/** "300 ms", "2 s", "1.5 s", "5 min": durations for the sentences a user reads. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** "512 B", "1.2 KB", "3.4 MB": sizes for people (powers of 1024). */
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
}

/** OpenSSL's "…:SSL routines:func:wrong version number:file:line:" down to its reason and code. */
export function tlsErrorText(error: Error & { code?: string }): string {
  const reason = /SSL routines:[^:]*:([^:]+):/.exec(error.message)?.[1] ?? error.message.trim();
  return error.code && !reason.includes(error.code) ? `${reason} (${error.code})` : reason;
}
