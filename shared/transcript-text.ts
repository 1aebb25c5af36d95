import type { TranscriptLine } from './smtp';

const marks = { out: ['->', '~>'], in: ['<-', '<~'], note: ['===', '==='] } as const;

/** swaks' text format: one transcript line, its mark chosen by direction and TLS. */
export function formatLine(line: Pick<TranscriptLine, 'dir' | 'tls' | 'text'>): string {
  const mark = marks[line.dir][line.tls ? 1 : 0];
  return line.text
    .split('\n')
    .map((text) => `${mark} ${text}`.trimEnd())
    .join('\n');
}

/** A whole transcript as text people paste: swaks' marks, a note where each attempt starts. */
export function transcriptText(lines: TranscriptLine[], options: { times?: boolean } = {}): string {
  const out: string[] = [];
  let attempt = 0;
  for (const line of lines) {
    if (line.attempt !== attempt) {
      attempt = line.attempt;
      out.push(`=== Attempt ${attempt}`);
    }
    const text = formatLine(line);
    out.push(options.times ? text.replace(/^/gm, `${line.t}  `) : text);
  }
  return `${out.join('\n')}\n`;
}
