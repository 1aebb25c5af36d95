import type { Phase, TranscriptLine } from '../../../shared/smtp';

/** One command of a pipelined burst and the reply that answers it (line indexes). */
export interface Exchange {
  command: number;
  /** The reply's lines ("250-…", then "250 …"); empty when no reply came. */
  reply: number[];
}

export type BurstStep = { kind: 'exchange'; exchange: Exchange } | { kind: 'note'; line: number };

/**
 * What the transcript groups under one header: a run of lines in one phase, the message body
 * (shown by its size), or a pipelined burst of commands with the replies paired to them.
 */
export type Segment =
  | { kind: 'phase'; phase: Phase; lines: number[] }
  | { kind: 'body'; line: number }
  | { kind: 'burst'; steps: BurstStep[] };

const isBody = (line: TranscriptLine) => line.bytes !== undefined;
const isCommand = (line: TranscriptLine | undefined) =>
  line?.dir === 'out' && line.bytes === undefined;
/** "250-…" goes on; "250 …" (or a line that is not a reply line at all) ends the reply. */
const endsReply = (line: TranscriptLine) => !/^\d{3}-/.test(line.text.split('\n').at(-1) ?? '');

/**
 * Cuts the lines [from, to) of one attempt into segments. Commands written together (logged
 * one after another with no reply between: PIPELINING, or the body with QUIT) form a burst,
 * and since replies come back in order (RFC 2920 §3.1), the n-th reply after them answers the
 * n-th command, however the replies were split across reads. A note inside a burst keeps its
 * place after the replies that came before it.
 */
export function segmentLines(lines: TranscriptLine[], from: number, to: number): Segment[] {
  const segments: Segment[] = [];
  let i = from;
  while (i < to) {
    const line = lines[i] as TranscriptLine;
    if (isBody(line)) {
      segments.push({ kind: 'body', line: i });
      i++;
      continue;
    }
    if (startsBurst(lines, i, to)) {
      const burst = readBurst(lines, i, to);
      segments.push({ kind: 'burst', steps: burst.steps });
      i = burst.end;
      continue;
    }
    const group: number[] = [];
    do group.push(i++);
    while (
      i < to &&
      lines[i]?.phase === line.phase &&
      !isBody(lines[i] as TranscriptLine) &&
      !startsBurst(lines, i, to)
    );
    segments.push({ kind: 'phase', phase: line.phase, lines: group });
  }
  return segments;
}

function startsBurst(lines: TranscriptLine[], i: number, to: number): boolean {
  return i + 1 < to && isCommand(lines[i]) && isCommand(lines[i + 1]);
}

function readBurst(lines: TranscriptLine[], from: number, to: number) {
  const exchanges: Exchange[] = [];
  let i = from;
  while (i < to && isCommand(lines[i])) exchanges.push({ command: i++, reply: [] });
  const steps: BurstStep[] = [];
  const noteAt: { line: number; after: number }[] = [];
  let answered = 0;
  while (i < to && answered < exchanges.length) {
    const line = lines[i] as TranscriptLine;
    if (line.dir === 'out') break;
    if (line.dir === 'note') noteAt.push({ line: i, after: answered });
    else {
      (exchanges[answered] as Exchange).reply.push(i);
      if (endsReply(line)) answered++;
    }
    i++;
  }
  // A note after which no reply came (the connection lost, the session given up) closes it.
  const place = (note: { after: number }) =>
    note.after < answered ? note.after : exchanges.length;
  exchanges.forEach((exchange, n) => {
    for (const note of noteAt) if (place(note) === n) steps.push({ kind: 'note', line: note.line });
    steps.push({ kind: 'exchange', exchange });
  });
  for (const note of noteAt)
    if (place(note) === exchanges.length) steps.push({ kind: 'note', line: note.line });
  return { steps, end: i };
}
