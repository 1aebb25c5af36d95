import type { Clock } from './clock';
import type { Delivery } from './delivery-state';
import type { OutboxStore } from './outbox-store';

/** How long the outbox waits before writing again what the disk refused. */
export const STORAGE_RETRY_MS = 2_000;

/**
 * Writes deliveries' state to the store. What the disk refuses (a full disk, EIO) is kept and
 * written again every few seconds until it lands; meanwhile `error` says why, and the outbox
 * starts no session (its 'sending' record could not be stored either). Nothing is dropped.
 */
export class DeliverySaver {
  error: string | null = null;
  private readonly unsaved = new Set<Delivery>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private cancelRetry: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly store: OutboxStore | undefined,
    private readonly clock: Clock,
    /** The error appeared or went away. */
    private readonly onStateChange: () => void,
  ) {}

  /** Store the delivery now; rejects when the disk refused (it is then kept and retried). */
  async save(delivery: Delivery): Promise<void> {
    if (!this.store) return;
    const write = this.store.saveDelivery(delivery);
    this.inFlight.add(write);
    try {
      await write;
      this.unsaved.delete(delivery);
      if (this.error !== null && this.unsaved.size === 0) {
        this.error = null;
        this.onStateChange();
      }
    } catch (error) {
      this.failed(error);
      this.unsaved.add(delivery);
      this.scheduleRetry();
      throw error;
    } finally {
      this.inFlight.delete(write);
    }
  }

  /** Pruned: whatever of it the disk refused is not written again. */
  forget(delivery: Delivery): void {
    this.unsaved.delete(delivery);
  }

  /** Store in the background: a refusal is kept and retried, never thrown. */
  saveLater(delivery: Delivery): void {
    this.save(delivery).catch(() => {});
  }

  /** A write of something else (a message) failed: the outbox says so and holds off too. */
  failed(error: unknown): void {
    const first = this.error === null;
    this.error = error instanceof Error ? error.message : String(error);
    if (first) this.onStateChange();
    this.scheduleRetry();
  }

  /** Wait, at most `graceMs`, for writes under way; then stop retrying. */
  async close(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
    this.closed = true;
    this.cancelRetry?.();
    this.cancelRetry = null;
  }

  private scheduleRetry(): void {
    if (this.cancelRetry || this.closed) return;
    this.cancelRetry = this.clock.setTimer(() => {
      this.cancelRetry = null;
      if (this.unsaved.size > 0) {
        for (const delivery of [...this.unsaved]) this.saveLater(delivery);
        return;
      }
      // Only a message write had failed: ask the disk with a record of no consequence.
      this.store?.checkWritable().then(
        () => {
          this.error = null;
          this.onStateChange();
        },
        (error: unknown) => this.failed(error),
      );
    }, STORAGE_RETRY_MS);
  }
}
