import type { Delivery } from '../queue/delivery-state';
import type { Outbox, OutboxEvent } from '../queue/outbox';
import { deliveryView } from '../queue/outbox-view';
import type { EventHub } from '../rpc/event-hub';

/**
 * The outbox's news as the contract names it, translated here and nowhere else: a changed
 * delivery goes to every window; a running session's lines, phase timings and TLS go as
 * delivery.* events, which the hub passes only to windows that follow that delivery.
 */
export function publishOutbox(outbox: Outbox, hub: EventHub): void {
  outbox.onChange((d) => hub.emit('delivery.changed', { delivery: deliveryView(d) }));
  outbox.onRemove((ids) => hub.emit('outbox.removed', { ids }));
  outbox.onStorageChange(() => hub.emit('outbox.storage', { error: outbox.storageError }));
}

/** One live session event of a delivery, as a delivery.* event (OutboxOptions.onEvent). */
export function publishLive(hub: EventHub) {
  return (delivery: Delivery, event: OutboxEvent) => {
    const id = delivery.id;
    switch (event.type) {
      case 'transcript':
        return hub.emit('delivery.transcript', { id, seq: event.seq, line: event.line });
      case 'timing':
        return hub.emit('delivery.timing', {
          id,
          timing: { ...event.timing, attempt: event.attempt },
        });
      case 'tls':
        return hub.emit('delivery.tls', { id, tls: event.tls });
      default:
        // The route and each finished attempt are on the delivery itself (delivery.changed);
        // phases and verdicts reach the page through it too.
        return;
    }
  };
}
