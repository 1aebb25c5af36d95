import { type KeyboardEvent, useEffect, useRef } from 'react';
import type { InboxSummary } from '../../../shared/sandbox';
import { age, bytes } from '../ui/format';
import { useNow } from '../ui/use-now';
import { moveSelection, scenarioLabel } from './inbox-model';

interface MessageListProps {
  messages: InboxSummary[];
  selected: string | null;
  onSelect(id: string): void;
  /** Enter on the selected message: move into its detail. */
  onOpen(): void;
}

const optionId = (id: string) => `sbx-message-${id}`;
const KEYS = ['ArrowUp', 'ArrowDown', 'Home', 'End'] as const;

/** The inbox as a listbox: one tab stop, arrows move the selection, Enter opens it. */
export function MessageList({ messages, selected, onSelect, onOpen }: MessageListProps) {
  const now = useNow(5000);
  const ref = useRef<HTMLDivElement>(null);
  const active = messages.some((m) => m.id === selected) ? selected : null;

  useEffect(() => {
    if (active) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (e: KeyboardEvent) => {
    const key = KEYS.find((k) => k === e.key);
    if (key) {
      e.preventDefault();
      const next = moveSelection(messages, active, key);
      if (next && next !== active) onSelect(next);
    } else if (e.key === 'Enter' && active) {
      e.preventDefault();
      onOpen();
    }
  };

  return (
    <div
      ref={ref}
      className="sbx-list"
      role="listbox"
      aria-label="Messages"
      tabIndex={0}
      aria-activedescendant={active ? optionId(active) : undefined}
      onKeyDown={onKeyDown}
      onClick={(e) => {
        const row = (e.target as HTMLElement).closest<HTMLElement>('[data-message-id]');
        if (row?.dataset.messageId) onSelect(row.dataset.messageId);
        ref.current?.focus();
      }}
    >
      {messages.map((m) => {
        const at = Date.parse(m.receivedAt);
        return (
          <div
            key={m.id}
            id={optionId(m.id)}
            role="option"
            tabIndex={-1}
            aria-selected={m.id === active}
            data-message-id={m.id}
            className="sbx-row"
          >
            <div className="sbx-row-line">
              <span className="sbx-row-subject">{m.subject || '(no subject)'}</span>
              <time
                className="sbx-row-age"
                dateTime={m.receivedAt}
                title={new Date(at).toLocaleString()}
              >
                {age(at, now)}
              </time>
            </div>
            <div className="sbx-row-line sbx-row-meta">
              <span className="sbx-row-people" title={`${m.from} → ${m.rcptTo.join(', ')}`}>
                {m.from || m.mailFrom} → {m.rcptTo.join(', ')}
              </span>
              {m.unacknowledged && (
                <span
                  className="badge badge-warn sbx-badge"
                  title="The server closed before answering the final dot: the sender cannot know it arrived"
                >
                  no reply
                </span>
              )}
              <span className="badge sbx-badge" title={m.scenario}>
                {scenarioLabel(m.scenario)}
              </span>
              <span className="sbx-row-size">{bytes(m.size)}</span>
            </div>
          </div>
        );
      })}
    </div>
  );
}
