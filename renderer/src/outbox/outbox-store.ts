import type { EventMessage } from '../../../shared/contract';
import type { MxRoute } from '../../../shared/mx';
import type { OutboxDelivery } from '../../../shared/outbox';
import type { RpcClient } from '../../../shared/rpc-client';
import type { AttemptRecord } from '../../../shared/send';
import type { Phase, PhaseTiming, TlsDetails, TranscriptLine } from '../../../shared/smtp';

/** What a running session has said so far, before the outbox stores its attempt. */
export interface LiveSession {
  route: MxRoute | null;
  attempts: AttemptRecord[];
  lines: TranscriptLine[];
  timings: PhaseTiming[];
  tls: TlsDetails | null;
  phase: Phase | null;
  phaseAt: string | null;
}

export type ListState =
  | { status: 'loading' }
  | { status: 'ready' }
  | { status: 'error'; message: string };

/** How many finished sessions keep their live lines (see finished()). */
const KEEP_FINISHED_LIVE = 50;

const emptyLive = (): LiveSession => ({
  route: null,
  attempts: [],
  lines: [],
  timings: [],
  tls: null,
  phase: null,
  phaseAt: null,
});

/**
 * The outbox as the renderer sees it: the list from outbox.list, kept current by
 * outbox.changed, plus each running session's live events (send.* tagged with the delivery
 * id). Kept outside React so a flood of transcript lines costs one render per event batch.
 */
export class OutboxStore {
  private deliveries = new Map<string, OutboxDelivery>();
  private live = new Map<string, LiveSession>();
  private listeners = new Set<() => void>();
  private sorted: OutboxDelivery[] = [];
  private recentlyFinished = new Set<string>();
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

  liveOf(id: string): LiveSession | undefined {
    return this.live.get(id);
  }

  /** The stored transcript of finished attempts; live lines are added by the caller. */
  transcript(id: string): Promise<TranscriptLine[]> {
    return this.client.api['outbox.transcript']({ id });
  }

  /** A delivery the renderer just queued: shown at once, before its first outbox.changed. */
  add(delivery: OutboxDelivery) {
    if (!this.deliveries.has(delivery.id)) this.deliveries.set(delivery.id, delivery);
    this.resort();
    this.changed();
  }

  private apply(batch: EventMessage[]) {
    let touched = false;
    let reorder = false;
    for (const event of batch) {
      if (event.name === 'outbox.storage') {
        touched = true; // the stats above the list say why
        continue;
      }
      if (event.name === 'outbox.removed') {
        // Pruned from history (Settings, History): gone from the list and from memory.
        for (const id of event.payload.ids) {
          this.deliveries.delete(id);
          this.live.delete(id);
          this.recentlyFinished.delete(id);
        }
        reorder = touched = true;
        continue;
      }
      if (event.name === 'outbox.changed') {
        const d = event.payload.delivery;
        const before = this.deliveries.get(d.id);
        reorder ||= !before;
        this.deliveries.set(d.id, d);
        if (d.status === 'sending' && before?.status !== 'sending') this.live.delete(d.id);
        else if (d.status !== 'sending' && before?.status === 'sending') this.finished(d.id);
        touched = true;
        continue;
      }
      if (!event.name.startsWith('send.') || !('id' in event.payload)) continue;
      const id = event.payload.id;
      if (!this.deliveries.has(id)) continue; // a send.start send, not an outbox delivery
      const live = this.live.get(id) ?? emptyLive();
      this.live.set(id, live);
      touched = true;
      switch (event.name) {
        case 'send.transcript':
          live.lines.push(event.payload.line);
          break;
        case 'send.timing':
          live.timings.push(event.payload.timing);
          break;
        case 'send.phase':
          live.phase = event.payload.phase;
          live.phaseAt = event.payload.at;
          break;
        case 'send.tls':
          live.tls = event.payload.tls;
          break;
        case 'send.route':
          live.route = event.payload.route;
          break;
        case 'send.attempt':
          live.attempts.push(event.payload.attempt);
          live.timings = [];
          live.tls = null;
          break;
      }
    }
    if (reorder) this.resort();
    if (touched) this.changed();
  }

  /**
   * A finished session's live lines stay until the view has fetched the stored transcript
   * (which then supersedes them), for the last few sessions only: memory stays bounded.
   */
  private finished(id: string) {
    this.recentlyFinished.delete(id);
    this.recentlyFinished.add(id);
    for (const old of this.recentlyFinished) {
      if (this.recentlyFinished.size <= KEEP_FINISHED_LIVE) break;
      this.recentlyFinished.delete(old);
      if (this.deliveries.get(old)?.status !== 'sending') this.live.delete(old);
    }
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
