import { memo } from 'react';
import type { OutboxDelivery } from '../../../shared/outbox';
import { Countdown } from '../delivery/countdown';
import { navigate } from '../shell/use-route';
import { age } from '../ui/format';
import { deliveryStatus } from './delivery-status';
import { StatusBadge } from './status-badge';

interface RowProps {
  delivery: OutboxDelivery;
  selected: boolean;
  now: number;
}

/** One delivery in the list; redrawn only when it changes (200 live sessions stay cheap). */
export const OutboxRow = memo(function OutboxRow({ delivery: d, selected, now }: RowProps) {
  const status = deliveryStatus(d);
  return (
    <div
      id={`row-${d.id}`}
      data-id={d.id}
      role="option"
      tabIndex={-1}
      aria-selected={selected}
      className={`outbox-row${selected ? ' selected' : ''}`}
      onClick={() => navigate('send', d.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') navigate('send', d.id);
      }}
    >
      <div className="row-top">
        <StatusBadge label={status.label} tone={status.tone} />
        {d.status === 'deferred' && d.nextAttemptAt && (
          <Countdown nextAttemptAt={d.nextAttemptAt} since={null} compact />
        )}
        <span className="row-age" title={new Date(d.createdAt).toLocaleString()}>
          {age(Date.parse(d.createdAt), now)}
        </span>
      </div>
      <div className="row-rcpt mono">
        {d.recipients[0]?.address ?? ''}
        {d.recipients.length > 1 && <span className="row-more"> +{d.recipients.length - 1}</span>}
      </div>
      <div className="row-sub">
        <span className="row-domain">{d.domain ?? d.server ?? ''}</span>
        <span className="row-subject">{d.subject || '(no subject)'}</span>
      </div>
    </div>
  );
});
