import type { Phase, PhaseTiming, Reply, TranscriptLine } from '../../shared/smtp';
import { isoNow } from './clock';
import type { SessionEvent } from './session-types';

interface RawLine {
  at: number;
  dir: TranscriptLine['dir'];
  tls: boolean;
  phase: Phase;
  text: string;
  bytes: number | undefined;
}

interface RawTiming {
  phase: Phase;
  startedAt: number;
  durationMs: number;
  reply: Reply | null;
}

/**
 * What a session saw, kept as numbers and strings and turned into contract records
 * (ISO times) only when someone reads them: as events when a listener is attached, or from
 * the result. A session that nobody watches line by line (a --repeat run, a bench) pays
 * only for the pushes.
 */
export class SessionRecord {
  /** Lines from now on went over TLS. */
  tls = false;
  /** When the session began. */
  readonly startedAt = Date.now();
  /** When the phase being timed began (the command that opened it went out). */
  phaseStartedAt = Date.now();
  private readonly lines: RawLine[] = [];
  private readonly times: RawTiming[] = [];
  private transcriptCache: TranscriptLine[] | null = null;
  private timingsCache: PhaseTiming[] | null = null;

  constructor(
    private readonly attempt: number,
    private readonly onEvent: ((event: SessionEvent) => void) | undefined,
  ) {}

  line(dir: TranscriptLine['dir'], tls: boolean, phase: Phase, text: string, bytes?: number): void {
    const raw: RawLine = { at: Date.now(), dir, tls, phase, text, bytes };
    this.lines.push(raw);
    this.transcriptCache = null;
    this.onEvent?.({ type: 'transcript', line: this.toLine(raw) });
  }

  /** MXray's own words in the transcript. */
  note(phase: Phase, text: string): void {
    this.line('note', this.tls, phase, text);
  }

  /** What went out: the session-output functions' LogOut. */
  readonly out = (phase: Phase, text: string, bytes?: number): void =>
    this.line('out', this.tls, phase, text, bytes);

  /** A server reply, one transcript line per reply line ("250-…", then "250 …"). */
  reply(reply: { code: number; lines: string[] }, phase: Phase): void {
    const last = reply.lines.length - 1;
    reply.lines.forEach((text, i) => {
      this.line('in', this.tls, phase, `${reply.code}${i < last ? '-' : ' '}${text}`.trimEnd());
    });
  }

  /** The phase being timed ends now, with `reply` (null: no reply ended it). */
  timing(phase: Phase, reply: Reply | null): void {
    const startedAt = this.phaseStartedAt;
    const raw: RawTiming = { phase, startedAt, durationMs: Date.now() - startedAt, reply };
    this.times.push(raw);
    this.timingsCache = null;
    this.onEvent?.({ type: 'timing', timing: toTiming(raw), attempt: this.attempt });
  }

  transcript(): TranscriptLine[] {
    this.transcriptCache ??= this.lines.map((raw) => this.toLine(raw));
    return this.transcriptCache;
  }

  timings(): PhaseTiming[] {
    this.timingsCache ??= this.times.map(toTiming);
    return this.timingsCache;
  }

  private toLine(raw: RawLine): TranscriptLine {
    const line: TranscriptLine = {
      t: isoNow(raw.at),
      attempt: this.attempt,
      dir: raw.dir,
      tls: raw.tls,
      phase: raw.phase,
      text: raw.text,
    };
    if (raw.bytes !== undefined) line.bytes = raw.bytes;
    return line;
  }
}

function toTiming(raw: RawTiming): PhaseTiming {
  const reply = raw.reply
    ? { code: raw.reply.code, enhanced: raw.reply.enhanced, text: raw.reply.text }
    : null;
  return { phase: raw.phase, startedAt: isoNow(raw.startedAt), durationMs: raw.durationMs, reply };
}
