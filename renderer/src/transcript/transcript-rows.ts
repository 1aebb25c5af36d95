import type { Phase, TranscriptLine } from '../../../shared/smtp';
import { type BurstStep, type Segment, segmentLines } from './transcript-segments';

export type Direction = TranscriptLine['dir'];

/** One line of a transcript line's text (a multi-line reply may be one line with "\n"). */
export interface Side {
  line: TranscriptLine;
  text: string;
  index: number;
  match: boolean;
}

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
      kind: 'burst';
      key: string;
      attempt: number;
      /** The commands' phases in the order sent, with how many of each in a row. */
      phases: { phase: Phase; count: number }[];
      commands: number;
      replies: number;
      notes: number;
      collapsed: boolean;
    }
  | ({ kind: 'line'; key: string; attemptStart: number } & Side)
  | {
      kind: 'exchange';
      key: string;
      /** A command beside the reply line that answers it; null on a reply's further lines. */
      command: Side | null;
      reply: Side | null;
      /** The longest command of the burst, in characters: replies line up beside it. */
      width: number;
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

type Body = Extract<Row, { kind: 'line' | 'exchange' }>;

/**
 * Raced sessions (a staggered connect) log side by side, so their lines arrive interleaved:
 * each attempt's lines are put together, in the order they came, under one header.
 */
function byAttempt(lines: TranscriptLine[]): TranscriptLine[] {
  const ordered = lines.every((l, i) => i === 0 || (lines[i - 1]?.attempt ?? 0) <= l.attempt);
  return ordered ? lines : [...lines].sort((a, b) => a.attempt - b.attempt);
}

/**
 * The flat list the virtual list draws: an attempt header, then a header per segment (a run
 * of lines in one phase, the message body, a pipelined burst with each reply beside its
 * command), then its lines. Collapsed groups hide their lines; the message body starts
 * collapsed. Filters (direction, search) hide lines, and a header left with none goes too;
 * header counts are what the filters leave.
 */
export function buildRows(
  given: TranscriptLine[],
  options: RowOptions,
): { rows: Row[]; matches: number[] } {
  const lines = byAttempt(given);
  const rows: Row[] = [];
  const query = options.query.trim().toLowerCase();
  /** Every text line of a transcript line, each marked when the search finds it. */
  const texts = (index: number): Side[] => {
    const line = lines[index] as TranscriptLine;
    return line.text.split('\n').map((text) => {
      const match = query !== '' && text.toLowerCase().includes(query);
      return { line, text, index, match };
    });
  };
  let i = 0;
  while (i < lines.length) {
    const attempt = lines[i]?.attempt ?? 0;
    let end = i;
    while (end < lines.length && lines[end]?.attempt === attempt) end++;
    const aKey = attemptKey(attempt);
    const startedAt = lines[i]?.t ?? '';
    const attemptStart = Date.parse(startedAt);
    const asLines = (indexes: number[]): Body[] =>
      indexes.flatMap((n) =>
        options.dirs.has((lines[n] as TranscriptLine).dir)
          ? texts(n).flatMap((side, part) =>
              query !== '' && !side.match
                ? []
                : [{ kind: 'line' as const, key: `l${n}.${part}`, attemptStart, ...side }],
            )
          : [],
      );
    const body: Row[] = [];
    let shownLines = 0;
    segmentLines(lines, i, end).forEach((segment, group) => {
      const key = `${aKey}:${group}`;
      let shown: Body[];
      if (segment.kind === 'burst') {
        const paired = options.dirs.has('out') && options.dirs.has('in');
        shown = paired
          ? pairedRows(segment.steps, texts, asLines, query !== '', attemptStart)
          : asLines(burstLines(segment.steps));
      } else shown = asLines(segment.kind === 'body' ? [segment.line] : segment.lines);
      if (shown.length === 0) return;
      const count = shown.reduce((n, row) => n + sidesOf(row).length, 0);
      shownLines += count;
      // The message itself starts closed (its size shows); the reply to the dot does not.
      const startsClosed = segment.kind === 'body';
      const closed = startsClosed ? !options.expanded.has(key) : options.collapsed.has(key);
      // A search looks inside collapsed groups too: a hit is never hidden.
      const open = query !== '' || !closed;
      const place = { key, attempt, collapsed: !open };
      body.push(
        segment.kind === 'burst'
          ? burstHeader(segment.steps, lines, shown, place)
          : phaseHeader(segment, lines, count, place),
      );
      if (open) body.push(...shown);
    });
    if (shownLines > 0) {
      const collapsed = options.collapsed.has(aKey);
      rows.push({ kind: 'attempt', key: aKey, attempt, lines: shownLines, collapsed, startedAt });
      if (!collapsed || query !== '') rows.push(...body);
    }
    i = end;
  }
  const matches: number[] = [];
  rows.forEach((row, n) => {
    if ((row.kind === 'line' || row.kind === 'exchange') && row.match) matches.push(n);
  });
  return { rows, matches };
}

const sidesOf = (row: Body): Side[] =>
  row.kind === 'line' ? [row] : [row.command, row.reply].filter((s): s is Side => s !== null);

type Place = { key: string; attempt: number; collapsed: boolean };

function phaseHeader(
  segment: Exclude<Segment, { kind: 'burst' }>,
  lines: TranscriptLine[],
  count: number,
  place: Place,
): Row {
  const body = segment.kind === 'body';
  const first = lines[body ? segment.line : (segment.lines[0] as number)] as TranscriptLine;
  return {
    kind: 'phase',
    ...place,
    phase: first.phase,
    lines: count,
    bytes: body ? (first.bytes ?? null) : null,
    startsClosed: body,
  };
}

/** Names the burst by its commands' phases, and counts what the filters left of it. */
function burstHeader(
  steps: BurstStep[],
  lines: TranscriptLine[],
  shown: Body[],
  place: Place,
): Row {
  const seen = new Set(shown.flatMap((row) => sidesOf(row).map((side) => side.index)));
  const phases: { phase: Phase; count: number }[] = [];
  let commands = 0;
  let replies = 0;
  let notes = 0;
  for (const step of steps) {
    if (step.kind === 'note') {
      if (seen.has(step.line)) notes++;
      continue;
    }
    const { command, reply } = step.exchange;
    const phase = (lines[command] as TranscriptLine).phase;
    const last = phases.at(-1);
    if (last?.phase === phase) last.count++;
    else phases.push({ phase, count: 1 });
    if (seen.has(command)) commands++;
    if (reply.some((n) => seen.has(n))) replies++;
  }
  return { kind: 'burst', ...place, phases, commands, replies, notes };
}

/** A burst's lines as they came: the commands, then replies and notes. */
const burstLines = (steps: BurstStep[]) =>
  steps
    .flatMap((s) => (s.kind === 'note' ? [s.line] : [s.exchange.command, ...s.exchange.reply]))
    .sort((a, b) => a - b);

/**
 * Each command with the first line of its reply beside it, the reply's further lines below.
 * A search keeps a row when either side matches, and shows both.
 */
function pairedRows(
  steps: BurstStep[],
  texts: (index: number) => Side[],
  asLines: (indexes: number[]) => Body[],
  searching: boolean,
  attemptStart: number,
): Body[] {
  const width = Math.max(
    ...steps.flatMap((s) =>
      s.kind === 'exchange' ? texts(s.exchange.command).map((side) => side.text.length) : [],
    ),
  );
  return steps.flatMap((step): Body[] => {
    if (step.kind === 'note') return asLines([step.line]);
    const command = texts(step.exchange.command);
    const reply = step.exchange.reply.flatMap(texts);
    const rows: Body[] = [];
    for (let r = 0; r < Math.max(command.length, reply.length); r++) {
      const c = command[r] ?? null;
      const p = reply[r] ?? null;
      const match = !!(c?.match || p?.match);
      if (searching && !match) continue;
      const key = `x${step.exchange.command}.${r}`;
      rows.push({ kind: 'exchange', key, command: c, reply: p, width, match, attemptStart });
    }
    return rows;
  });
}
