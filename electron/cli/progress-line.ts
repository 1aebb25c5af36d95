/** Carriage return, then erase to the end of the line: the line is redrawn in place. */
export const CLEAR_LINE = '\r\x1b[K';
/** At most ten redraws a second: a terminal that repaints faster only slows the run down. */
export const REDRAW_MS = 100;

export interface ProgressStream {
  write(chunk: string, ...rest: unknown[]): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressLine {
  /** `done` of `total` finished: redrawn when the last redraw is old enough or was cleared. */
  update(done: number, total: number): void;
  /** Takes the line off the terminal before something else is printed there (stdout too). */
  clear(): void;
  /** Clears the line for good and gives the stream back. */
  end(): void;
}

const off: ProgressLine = { update() {}, clear() {}, end() {} };

/** 75 s → "01:15", 3723 s → "1:02:03". */
export function clockTime(seconds: number): string {
  const s = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(s / 3600);
  const rest = `${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return hours ? `${hours}:${rest}` : rest;
}

/** `verify 120/500  24%  35/s  ETA 00:11`, cut to fit `columns` without wrapping. */
export function formatProgress(p: {
  label: string;
  done: number;
  total: number;
  elapsedMs: number;
  columns: number;
}): string {
  const percent = p.total ? Math.floor((p.done * 100) / p.total) : 100;
  const rate = p.done > 0 && p.elapsedMs > 0 ? (p.done * 1000) / p.elapsedMs : null;
  const rateText = rate === null ? '—' : rate < 10 ? rate.toFixed(1) : String(Math.round(rate));
  const eta = rate === null ? '—' : clockTime((p.total - p.done) / rate);
  const line = `${p.label} ${p.done}/${p.total}  ${String(percent).padStart(3)}%  ${rateText}/s  ETA ${eta}`;
  // Writing into the last column would wrap on some terminals, and \r would then redraw below.
  return line.slice(0, Math.max(0, p.columns - 1));
}

/**
 * One line on `stream` (stderr) showing a run's progress, or nothing at all when the stream is
 * not a terminal, the terminal is dumb (no erase-line), or `enabled` is false (--no-progress).
 * While it is shown, anything else written to the stream clears it first.
 */
export function progressLine(
  stream: ProgressStream,
  options: { label: string; enabled: boolean; env?: NodeJS.ProcessEnv; now?: () => number },
): ProgressLine {
  const env = options.env ?? process.env;
  if (!options.enabled || stream.isTTY !== true || env.TERM === 'dumb') return off;
  const now = options.now ?? Date.now;
  const started = now();
  const write = stream.write;
  const raw = (text: string) => write.call(stream, text);
  let drawn = false;
  let lastDraw = Number.NEGATIVE_INFINITY;
  const clear = () => {
    if (drawn) raw(CLEAR_LINE);
    drawn = false;
  };
  stream.write = (...args) => {
    clear();
    return write.apply(stream, args);
  };
  return {
    update(done, total) {
      const t = now();
      if (drawn && t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      // A pseudo-terminal nobody sized reports 0 columns.
      const columns = stream.columns || 80;
      raw(
        `${CLEAR_LINE}${formatProgress({ label: options.label, done, total, elapsedMs: t - started, columns })}`,
      );
      drawn = true;
    },
    clear,
    end() {
      clear();
      stream.write = write;
    },
  };
}
