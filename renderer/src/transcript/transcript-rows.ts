import type { Phase, TranscriptLine } from '../../../shared/smtp';

export type Direction = TranscriptLine['dir'];

export type Row =
  | {
      kind: 'attempt';
      key: string;
      attempt: number;
      lines: number;
      collapsed: boolean;
      startedAt: string;
    }
  | {
      kind: 'phase';
      key: string;
      /** Closed unless opened: the message body. */
      startsClosed: boolean;
      attempt: number;
      phase: Phase;
      lines: number;
      bytes: number | null;
      collapsed: boolean;
    }
  | {
      kind: 'line';
      key: string;
      line: TranscriptLine;
      /** One line of the text: a multi-line reply is drawn one row per line. */
      text: string;
      index: number;
      match: boolean;
      attemptStart: number;
    };

export interface RowOptions {
  /** Keys of collapsed groups: `a<attempt>` or `a<attempt>:<group index>`. */
  collapsed: ReadonlySet<string>;
  /** Groups collapsed until opened (the DATA body), keyed the same way. */
  expanded: ReadonlySet<string>;
  dirs: ReadonlySet<Direction>;
  query: string;
}

export const attemptKey = (attempt: number) => `a${attempt}`;

/**
 * The flat list the virtual list draws: an attempt header, then a header per run of lines in
 * one phase, then the lines. Collapsed groups hide their lines; the message body starts
 * collapsed. A search keeps only matching lines (and the headers above them).
 */
export function buildRows(
  lines: TranscriptLine[],
  options: RowOptions,
): { rows: Row[]; matches: number[] } {
  const rows: Row[] = [];
  const matches: number[] = [];
  const query = options.query.trim().toLowerCase();
  let i = 0;
  while (i < lines.length) {
    const attempt = lines[i]?.attempt ?? 0;
    let end = i;
    while (end < lines.length && lines[end]?.attempt === attempt) end++;
    const aKey = attemptKey(attempt);
    const startedAt = lines[i]?.t ?? '';
    const attemptStart = Date.parse(startedAt);
    const aCollapsed = options.collapsed.has(aKey);
    const attemptRow: Row = {
      kind: 'attempt',
      key: aKey,
      attempt,
      lines: end - i,
      collapsed: aCollapsed,
      startedAt,
    };
    const body: Row[] = [];
    let group = 0;
    let j = i;
    while (j < end) {
      const phase = lines[j]?.phase ?? 'connect';
      let k = j;
      let size: number | null = null;
      while (k < end && lines[k]?.phase === phase) {
        size = lines[k]?.bytes ?? size;
        k++;
      }
      const gKey = `${aKey}:${group++}`;
      // The message itself starts closed (its size shows); the reply to the dot does not.
      const startsClosed = phase === 'body' && size !== null;
      const collapsed = startsClosed ? !options.expanded.has(gKey) : options.collapsed.has(gKey);
      const shown: Row[] = [];
      for (let n = j; n < k; n++) {
        const line = lines[n] as TranscriptLine;
        if (!options.dirs.has(line.dir)) continue;
        line.text.split('\n').forEach((text, part) => {
          const match = query !== '' && text.toLowerCase().includes(query);
          if (query !== '' && !match) return;
          shown.push({
            kind: 'line',
            key: `l${n}.${part}`,
            line,
            text,
            index: n,
            match,
            attemptStart,
          });
        });
      }
      // A search looks inside collapsed groups too: a hit is never hidden.
      const open = query !== '' ? shown.length > 0 : !collapsed;
      if (query === '' || shown.length > 0) {
        body.push({
          kind: 'phase',
          key: gKey,
          attempt,
          phase,
          lines: k - j,
          bytes: size,
          collapsed: !open,
          startsClosed,
        });
        if (open) body.push(...shown);
      }
      j = k;
    }
    if (query === '' || body.length > 0) {
      rows.push(attemptRow);
      if (!aCollapsed || query !== '') rows.push(...body);
    }
    i = end;
  }
  rows.forEach((row, n) => {
    if (row.kind === 'line' && row.match) matches.push(n);
  });
  return { rows, matches };
}
