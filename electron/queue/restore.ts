import type { MessageIdentity } from '../delivery/prepare-send';
import { type Delivery, interrupted, summaryOf } from './delivery-state';
import type { OutboxStore } from './outbox-store';

/**
 * What the store holds after a restart, ready to queue again: each delivery with its message's
 * identity. Records from before a field existed get it (summary, route); a delivery that was
 * mid-session when the process died is marked interrupted, since the server may already have
 * the message, and is due now. Deliveries whose message is gone are left out.
 */
export async function restoreDeliveries(
  store: OutboxStore,
  now: number,
): Promise<{ delivery: Delivery; identity: MessageIdentity }[]> {
  const restored: { delivery: Delivery; identity: MessageIdentity }[] = [];
  for (const delivery of store.deliveries()) {
    const stored = store.message(delivery.messageId);
    if (!stored) continue;
    delivery.summary ??= summaryOf(await store.request(stored, { password: false }));
    delivery.route ??= null;
    if (delivery.status === 'sending') interrupted(delivery, now);
    restored.push({
      delivery,
      identity: { messageId: stored.messageId, date: new Date(stored.date) },
    });
  }
  return restored;
}
