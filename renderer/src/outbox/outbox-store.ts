import type { EventMessage } from '../../../shared/contract';
import type { LiveTiming, OutboxDelivery } from '../../../shared/outbox';
import type { RpcClient } from '../../../shared/rpc-client';
import type { TlsDetails, TranscriptLine } from '../../../shared/smtp';

/**
 * The delivery this window shows, as it happens: its transcript as one numbered list (lines
 * from outbox.transcript, then delivery.transcript events in order), and the running
 * session's waterfall and TLS.
 */
export interface Followed {
  id: string;
  lines: TranscriptLine[];
  /** Running sessions' phases (several while a staggered connect races them). */
  timings: LiveTiming[];
  tls: TlsDetails | null;
  state: { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string };
}

export type ListState =
  | { status: 'loading' }
  | { status: 'ready' }
  | { status: 'error'; message: string };

/**
 * The outbox as the renderer sees it: the list from outbox.list, kept current by
 * delivery.changed, plus the live detail of the one delivery this window follows. Kept outside
 * React so a flood of transcript lines costs one render per event batch.
 */
export class OutboxStore {
  private deliveries = new Map<string, OutboxDelivery>();
  private listeners = new Set<() => void>();
  private sorted: OutboxDelivery[] = [];
  private followed: Followed | null = null;
  /** A catch-up request is out; `again`: lines it may not hold arrived meanwhile. */
  private catchingUp: { again: boolean } | null = null;
  state: ListState = { status: 'loading' };
  /** Bumped on every change; components subscribe through useSyncExternalStore. */
  version = 0;

  constructor(private readonly client: RpcClient) {
    client.onBatch((batch) => this.apply(batch));
    void this.load();
  }

  async load(): Promise<void> {
    this.state = { status: 'loading' };
    this.changed();
    try {
      for (const d of await this.client.api['outbox.list']({})) this.deliveries.set(d.id, d);
      this.state = { status: 'ready' };
    } catch (error) {
      this.state = { status: 'error', message: (error as Error).message };
    }
    this.resort();
    this.changed();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = () => this.version;

  /** Newest first. */
  list(): OutboxDelivery[] {
    return this.sorted;
  }

  get(id: string): OutboxDelivery | undefined {
    return this.deliveries.get(id);
  }

  /** The followed delivery's live detail, if it is `id`. */
  followedOf(id: string): Followed | undefined {
    return this.followed?.id === id ? this.followed : undefined;
  }

  /**
   * Show this delivery (null: none): main sends its live events to this window only, and the
   * transcript so far is asked for once; from then on lines come as events.
   */
  follow(id: string | null): void {
    if ((this.followed?.id ?? null) === id) return;
    this.followed = id
      ? {
          id,
          lines: [],
          timings: [],
          tls: null,
          state: { status: 'loading' },
        }
      : null;
    this.catchingUp = null;
    this.changed();
    void this.client.api['outbox.follow']({ id }).then(
      ({ live }) => {
        const f = this.followed;
        if (!f || f.id !== id || !live) return;
        // Events that came before the answer are newer than it.
        if (!f.timings.length) f.timings = live.timings;
        f.tls ??= live.tls;
        this.changed();
      },
      () => {},
    );
    if (id) this.catchUp();
  }

  /** Ask again after a failed load. */
  retryTranscript(): void {
    if (this.followed) this.catchUp();
  }

  /** A delivery the renderer just queued: shown at once, before its first delivery.changed. */
  add(delivery: OutboxDelivery) {
    if (!this.deliveries.has(delivery.id)) this.deliveries.set(delivery.id, delivery);
    this.resort();
    this.changed();
  }

  private apply(batch: EventMessage[]) {
    let touched = false;
    let reorder = false;
    for (const event of batch) {
      switch (event.name) {
        case 'outbox.storage':
          touched = true; // the stats above the list say why
          break;
        case 'outbox.removed':
          // Pruned from history (Settings, History): gone from the list and from memory.
          for (const id of event.payload.ids) {
            this.deliveries.delete(id);
            if (this.followed?.id === id) this.followed = null;
          }
          reorder = touched = true;
          break;
        case 'delivery.changed': {
          const d = event.payload.delivery;
          reorder ||= !this.deliveries.has(d.id);
          this.deliveries.set(d.id, d);
          const f = this.followed;
          // An attempt ended: its waterfall is on the record now; one still racing keeps its own.
          if (f?.id === d.id) {
            const ended = new Set(d.attempts.map((a) => a.n));
            const timings = f.timings.filter((t) => !ended.has(t.attempt));
            if (timings.length !== f.timings.length) {
              f.timings = timings;
              if (!timings.length) f.tls = null;
            }
          }
          touched = true;
          break;
        }
        case 'delivery.transcript': {
          const f = this.followed;
          if (f?.id !== event.payload.id) break;
          touched = true;
          if (this.catchingUp) this.catchingUp.again = true;
          else if (event.payload.seq === f.lines.length) f.lines.push(event.payload.line);
          else if (event.payload.seq > f.lines.length) this.catchUp(); // some were missed
          break;
        }
        case 'delivery.timing':
          if (this.followed?.id === event.payload.id) {
            this.followed.timings.push(event.payload.timing);
            touched = true;
          }
          break;
        case 'delivery.tls':
          if (this.followed?.id === event.payload.id) {
            this.followed.tls = event.payload.tls;
            touched = true;
          }
          break;
      }
    }
    if (reorder) this.resort();
    if (touched) this.changed();
  }

  /** The lines from where this window's list ends, asked for once; again if more came meanwhile. */
  private catchUp(): void {
    const f = this.followed;
    if (!f || this.catchingUp) return;
    const round = { again: false };
    this.catchingUp = round;
    this.client.api['outbox.transcript']({ id: f.id, after: f.lines.length }).then(
      ({ lines }) => {
        if (this.catchingUp !== round || this.followed !== f) return;
        this.catchingUp = null;
        f.lines.push(...lines);
        f.state = { status: 'ready' };
        if (round.again) this.catchUp();
        this.changed();
      },
      (error: Error) => {
        if (this.catchingUp !== round || this.followed !== f) return;
        this.catchingUp = null;
        f.state = { status: 'error', message: error.message };
        this.changed();
      },
    );
  }

  private resort() {
    this.sorted = [...this.deliveries.values()].sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
    );
  }

  private changed() {
    this.version++;
    // Replace the arrays React reads, so a memo keyed on them sees the change.
    this.sorted = this.sorted.map((d) => this.deliveries.get(d.id) ?? d);
    for (const listener of this.listeners) listener();
  }
}
