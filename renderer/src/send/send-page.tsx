import { ComposeForm } from '../compose/compose-form';
import { DeliveryView } from '../delivery/delivery-view';
import { useOutbox } from '../outbox/outbox-context';
import { OutboxList } from '../outbox/outbox-list';
import { Skeleton } from '../ui/skeleton';

/** The outbox on the left, the selected delivery in the middle, compose on the right. */
export function SendPage({ selected }: { selected: string | null }) {
  const outbox = useOutbox();
  const delivery = selected ? outbox.get(selected) : undefined;
  return (
    <main className="send-page">
      <OutboxList selected={selected} />
      <div className="send-detail">
        {delivery && <DeliveryView key={delivery.id} delivery={delivery} />}
        {!delivery && outbox.state.status === 'loading' && <Skeleton rows={10} />}
        {!delivery && outbox.state.status !== 'loading' && (
          <div className="send-empty">
            <h2>
              {selected ? 'This delivery is not in the outbox' : 'Pick a delivery, or send one'}
            </h2>
            <p>
              Each delivery shows its MX failover path, a timeline of every SMTP phase and the full
              transcript, live while it runs. Greylisted ones count down to their next attempt.
            </p>
          </div>
        )}
      </div>
      <aside className="send-compose">
        <ComposeForm />
      </aside>
    </main>
  );
}
