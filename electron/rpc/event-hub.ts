import {
  type EventMessage,
  type EventName,
  type EventPayload,
  events,
  followedEvents,
} from '../../shared/contract';

/** How long events collect before one batch goes out: about one frame. */
export const DEFAULT_EVENT_BATCH_MS = 25;

export interface EventHub {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Receives one array per tick, never one message per event. */
  subscribe(listener: (batch: EventMessage[]) => void): () => void;
  /** Send what is queued now (used on shutdown). */
  flush(): void;
  /** This window (a Sender's transport:id) shows this delivery now, or none. */
  follow(window: string, id: string | null): void;
  /** What of a batch goes to this window: followed events only of the delivery it follows. */
  visibleTo(window: string, batch: EventMessage[]): EventMessage[];
}

/** The key a window is known by: its transport and id, as in a Sender. */
export const windowKey = (sender: { transport: string; id: string }) =>
  `${sender.transport}:${sender.id}`;

/**
 * Coalesces events from main so a flood of transcript lines costs one message per tick
 * per client. Payloads are validated on the way in, so a bad event fails where it is made.
 */
export function createEventHub(batchMs = DEFAULT_EVENT_BATCH_MS): EventHub {
  let queue: EventMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  const listeners = new Set<(batch: EventMessage[]) => void>();
  const following = new Map<string, string>();

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    for (const listener of listeners) listener(batch);
  };

  return {
    emit(name, payload) {
      const parsed = events[name].parse(payload) as EventPayload<typeof name>;
      queue.push({ name, payload: parsed } as EventMessage);
      timer ??= setTimeout(flush, batchMs);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush,
    follow(window, id) {
      if (id === null) following.delete(window);
      else following.set(window, id);
    },
    visibleTo(window, batch) {
      const id = following.get(window);
      return batch.some((e) => followedEvents.has(e.name))
        ? batch.filter(
            (e) => !followedEvents.has(e.name) || ('id' in e.payload && e.payload.id === id),
          )
        : batch;
    },
  };
}
