import type { TranscriptLine } from '../../shared/smtp';
import type { Delivery } from './delivery-state';
import type { OutboxStore } from './outbox-store';

/**
 * One delivery's transcript as one numbered, append-only list: every line gets its number
 * (`seq`) the moment the session says it, and keeps it. Lines are stored when their attempt
 * ends (a file per delivery with a store, the delivery itself without one); until then, or
 * while the disk refuses them, they are held here. Readers get stored and held lines alike,
 * so a page that missed some live lines catches up with one request and counts none twice.
 */
export class DeliveryTranscript {
  /** Lines stored so far; null until counted (a delivery restored from disk). */
  private stored: number | null;
  /** Lines numbered but not stored yet: the running attempt's, or ones the disk refused. */
  private held: TranscriptLine[] = [];

  constructor(
    private readonly delivery: Delivery,
    private readonly store: OutboxStore | undefined,
    fresh: boolean,
  ) {
    this.stored = fresh ? 0 : null;
  }

  /** Count what is stored (once, for a restored delivery) before any line is numbered. */
  async ready(): Promise<void> {
    this.stored ??= (await this.read()).length;
  }

  /** Number a new line (after ready()). */
  add(line: TranscriptLine): number {
    this.held.push(line);
    return (this.stored ?? 0) + this.held.length - 1;
  }

  /**
   * Store the held lines. They are history, not state: when the disk refuses them they stay
   * held (and are offered again with the next attempt's), and the error is returned.
   */
  async flush(): Promise<Error | null> {
    const lines = this.held.slice();
    if (!lines.length) return null;
    if (this.store) {
      try {
        await this.store.appendTranscript(this.delivery.id, lines);
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    } else this.delivery.transcript.push(...lines);
    this.held.splice(0, lines.length);
    this.stored = (this.stored ?? 0) + lines.length;
    return null;
  }

  /** Lines from number `after` on, stored and held, and the number the next line will get. */
  async from(after: number): Promise<{ lines: TranscriptLine[]; next: number }> {
    let stored = await this.read();
    // A flush that finished while the file was read: its lines are stored now, read again.
    if (this.stored !== null && stored.length < this.stored) stored = await this.read();
    const count = this.stored ?? stored.length;
    const all = [...stored.slice(0, count), ...this.held];
    return { lines: all.slice(after), next: all.length };
  }

  private read(): Promise<TranscriptLine[]> {
    return this.store
      ? this.store.transcript(this.delivery.id)
      : Promise.resolve(this.delivery.transcript);
  }
}
