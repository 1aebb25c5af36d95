import type { OutboxDelivery } from '../../../shared/outbox';

export type Tone = 'ok' | 'warn' | 'fail' | 'accent' | 'muted';

/** One word and a tone for a delivery, the way the list and the header show it. */
export function deliveryStatus(d: OutboxDelivery): { label: string; tone: Tone } {
  if (d.status === 'queued') return { label: 'Queued', tone: 'accent' };
  if (d.status === 'sending') return { label: 'Sending', tone: 'accent' };
  if (d.status === 'deferred') return { label: 'Deferred', tone: 'warn' };
  if (d.status === 'cancelled') return { label: 'Cancelled', tone: 'muted' };
  const states = new Set(d.recipients.map((r) => r.status));
  if (states.size === 1 && states.has('delivered')) return { label: 'Delivered', tone: 'ok' };
  if (states.size === 1 && states.has('probed')) return { label: 'Probed', tone: 'ok' };
  if (states.size === 1 && states.has('bounced')) return { label: 'Bounced', tone: 'fail' };
  return {
    label: states.has('bounced') ? 'Partly bounced' : 'Done',
    tone: states.has('bounced') ? 'warn' : 'ok',
  };
}

export const recipientTone: Record<OutboxDelivery['recipients'][number]['status'], Tone> = {
  pending: 'accent',
  delivered: 'ok',
  probed: 'ok',
  bounced: 'fail',
  deferred: 'warn',
};
