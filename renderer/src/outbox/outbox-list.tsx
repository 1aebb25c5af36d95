import { type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { navigate } from '../shell/use-route';
import { Alert } from '../ui/alert';
import { Skeleton } from '../ui/skeleton';
import { useNow } from '../ui/use-now';
import { useOutbox } from './outbox-context';
import { matchesQuery } from './outbox-filter';
import { OutboxRow } from './outbox-row';
import { OutboxStats } from './outbox-stats';

export function OutboxList({ selected }: { selected: string | null }) {
  const outbox = useOutbox();
  const now = useNow(5000);
  const [query, setQuery] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  const all = outbox.list();
  const shown = useMemo(
    () => (query ? all.filter((d) => matchesQuery(d, query)) : all),
    [all, query],
  );

  const move = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const at = shown.findIndex((d) => d.id === selected);
    const next =
      shown[Math.max(0, Math.min(shown.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      navigate('send', next.id);
      listRef.current
        ?.querySelector<HTMLElement>(`[data-id="${next.id}"]`)
        ?.scrollIntoView({ block: 'nearest' });
    }
  };

  return (
    <section className="outbox" aria-label="Outbox">
      <div className="outbox-head">
        <h2>Outbox</h2>
        <OutboxStats version={outbox.version} onFilter={setQuery} />
      </div>
      <input
        type="search"
        className="outbox-filter"
        aria-label="Filter the outbox"
        placeholder="Filter: address, 550, bounced…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {outbox.state.status === 'loading' && <Skeleton rows={6} />}
      {outbox.state.status === 'error' && (
        <Alert
          tone="fail"
          title="Could not load the outbox"
          action={{ label: 'Retry', run: () => void outbox.load() }}
        >
          {outbox.state.message}
        </Alert>
      )}
      {outbox.state.status === 'ready' && all.length === 0 && (
        <p className="outbox-empty">
          Nothing sent yet. Compose a message on the right: in the sandbox, the first send shows a
          real failover.
        </p>
      )}
      {outbox.state.status === 'ready' && all.length > 0 && shown.length === 0 && (
        <p className="outbox-empty">No delivery matches “{query}”.</p>
      )}
      <div
        className="outbox-rows"
        role="listbox"
        aria-label="Deliveries"
        // Only a row on screen: the draft report, a filtered-out or unknown delivery has none.
        aria-activedescendant={
          selected && shown.some((d) => d.id === selected) ? `row-${selected}` : undefined
        }
        tabIndex={0}
        onKeyDown={move}
        ref={listRef}
      >
        {shown.map((d) => (
          <OutboxRow key={d.id} delivery={d} selected={d.id === selected} now={now} />
        ))}
      </div>
    </section>
  );
}
