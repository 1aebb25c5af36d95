import { useEffect, useRef } from 'react';
import { ComposeForm } from '../compose/compose-form';
import { DeliveryView } from '../delivery/delivery-view';
import { DraftReport } from '../message-report/draft-report';
import { DRAFT_REPORT, useDraftReport } from '../message-report/draft-report-store';
import { useOutbox } from '../outbox/outbox-context';
import { OutboxList } from '../outbox/outbox-list';
import { navigate } from '../shell/use-route';
import { Skeleton } from '../ui/skeleton';
import { useMediaQuery } from '../ui/use-media-query';
import { SendBar } from './send-bar';
import { useComposeDrawer } from './use-compose-drawer';

// The same widths as send.css: two columns and a Compose drawer, then one column.
const TWO_COLUMNS = '(max-width: 1100px)';
const ONE_COLUMN = '(max-width: 800px)';

/**
 * The outbox on the left, the selected delivery in the middle, compose on the right. Narrower,
 * compose becomes a drawer; narrower still, the list and a delivery take turns in one column.
 */
export function SendPage({ selected }: { selected: string | null }) {
  const outbox = useOutbox();
  const delivery = selected ? outbox.get(selected) : undefined;
  const drawer = useMediaQuery(TWO_COLUMNS);
  const oneColumn = useMediaQuery(ONE_COLUMN);
  // A new draft check closes the drawer on its report, as picking a delivery does.
  const draftTicket = useDraftReport().ticket;
  const compose = useComposeDrawer(drawer, `${selected ?? ''}|${draftTicket}`);
  const panesRef = useRef<HTMLDivElement>(null);
  const backRef = useRef<HTMLButtonElement>(null);

  // One column: picking a delivery hides the list, and Back hides the delivery; focus follows.
  const shownBefore = useRef(selected);
  useEffect(() => {
    if (shownBefore.current === selected) return;
    shownBefore.current = selected;
    const active = document.activeElement;
    const lost = !active || active === document.body;
    if (!oneColumn) return;
    if (selected && (lost || active?.closest('.outbox'))) backRef.current?.focus();
    if (!selected && lost)
      panesRef.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus();
  }, [oneColumn, selected]);

  return (
    <main
      className={`send-page${compose.open ? ' compose-open' : ''}`}
      data-view={selected ? 'detail' : 'list'}
    >
      {drawer && (
        <SendBar
          onBack={oneColumn && selected ? () => navigate('send') : null}
          backRef={backRef}
          composeOpen={compose.open}
          onToggleCompose={compose.toggle}
          toggleRef={compose.toggleRef}
        />
      )}
      <div className="send-panes" ref={panesRef} inert={compose.open}>
        <OutboxList selected={selected} />
        <div className="send-detail" ref={compose.detailRef} tabIndex={-1}>
          {selected === DRAFT_REPORT && <DraftReport />}
          {delivery && <DeliveryView key={delivery.id} delivery={delivery} />}
          {!delivery && selected !== DRAFT_REPORT && outbox.state.status === 'loading' && (
            <Skeleton rows={10} />
          )}
          {!delivery && selected !== DRAFT_REPORT && outbox.state.status !== 'loading' && (
            <div className="send-empty">
              <h2>
                {selected ? 'This delivery is not in the outbox' : 'Pick a delivery, or send one'}
              </h2>
              <p>
                Each delivery shows its MX failover path, a timeline of every SMTP phase and the
                full transcript, live while it runs. Greylisted ones count down to their next
                attempt.
              </p>
            </div>
          )}
        </div>
      </div>
      {compose.open && <div className="send-backdrop" aria-hidden="true" onClick={compose.close} />}
      <aside
        id="send-compose"
        className="send-compose"
        ref={compose.drawerRef}
        onKeyDown={compose.onKeyDown}
      >
        <ComposeForm />
      </aside>
    </main>
  );
}
