import {
  type EventMessage,
  type EventName,
  type EventPayload,
  events,
} from '../../shared/contract';

/** How long events collect before one batch goes out: about one frame. */
export const DEFAULT_EVENT_BATCH_MS = 25;

export interface EventHub {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Receives one array per tick, never one message per event. */
  subscribe(listener: (batch: EventMessage[]) => void): () => void;
  /** Send what is queued now (used on shutdown). */
  flush(): void;
}

/**
 * Coalesces events from main so a flood of transcript lines costs one message per tick
 * per client. Payloads are validated on the way in, so a bad event fails where it is made.
 */
export function createEventHub(batchMs = DEFAULT_EVENT_BATCH_MS): EventHub {
  let queue: EventMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  const listeners = new Set<(batch: EventMessage[]) => void>();

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
  };
}
