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

/** Where an attempt went, for the line that starts it. */
export type AttemptPlace = { n: number; host: string; ip: string; port: number };

/**
 * A whole transcript as text people paste: swaks' marks, a note where each attempt starts,
 * naming the host and address it dialled when the attempts are given.
 */
export function transcriptText(
  lines: TranscriptLine[],
  options: { times?: boolean; attempts?: AttemptPlace[] } = {},
): string {
  const out: string[] = [];
  let attempt = 0;
  for (const line of lines) {
    if (line.attempt !== attempt) {
      attempt = line.attempt;
      const place = options.attempts?.find((a) => a.n === attempt);
      const at = place ? `: ${place.host} (${place.ip} port ${place.port})` : '';
      out.push(`=== Attempt ${attempt}${at}`);
    }
    const text = formatLine(line);
    out.push(options.times ? text.replace(/^/gm, `${line.t}  `) : text);
  }
  return `${out.join('\n')}\n`;
}
