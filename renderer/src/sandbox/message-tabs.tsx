import { type KeyboardEvent, useId } from 'react';
import type { InboxMessage } from '../../../shared/sandbox';
import { InboxReport } from '../message-report/inbox-report';
import { AttachmentsPanel, HeadersPanel, HtmlPanel, RawPanel, TextPanel } from './message-panels';

export type TabId = 'text' | 'html' | 'headers' | 'raw' | 'attachments' | 'report';

interface MessageTabsProps {
  message: InboxMessage;
  /** The tab the user picked; null: the best body this message has. */
  tab: TabId | null;
  onTab(tab: TabId): void;
}

/** Text | HTML | Headers | Raw | Attachments | Report, as ARIA tabs with arrow-key movement. */
export function MessageTabs({ message, tab, onTab }: MessageTabsProps) {
  const id = useId();
  const current: TabId = tab ?? (message.text === null && message.html !== null ? 'html' : 'text');
  const tabs: { id: TabId; label: string }[] = [
    { id: 'text', label: 'Text' },
    { id: 'html', label: 'HTML' },
    { id: 'headers', label: 'Headers' },
    { id: 'raw', label: 'Raw' },
    { id: 'attachments', label: `Attachments (${message.attachments.length})` },
    { id: 'report', label: 'Report' },
  ];

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((t) => t.id === current);
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % tabs.length
        : e.key === 'ArrowLeft'
          ? (at + tabs.length - 1) % tabs.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : -1;
    const next = tabs[to];
    if (!next) return;
    e.preventDefault();
    onTab(next.id);
    e.currentTarget.querySelector<HTMLElement>(`#${CSS.escape(`${id}-tab-${next.id}`)}`)?.focus();
  };

  return (
    <div className="sbx-tabs">
      <div className="sbx-tablist" role="tablist" aria-label="Message parts" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`${id}-tab-${t.id}`}
            type="button"
            role="tab"
            className="sbx-tab"
            aria-selected={t.id === current}
            aria-controls={t.id === current ? `${id}-panel` : undefined}
            tabIndex={t.id === current ? 0 : -1}
            onClick={() => onTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        id={`${id}-panel`}
        className={`sbx-tabpanel sbx-tabpanel-${current}`}
        role="tabpanel"
        aria-labelledby={`${id}-tab-${current}`}
      >
        {current === 'text' && <TextPanel text={message.text} />}
        {current === 'html' && <HtmlPanel id={message.id} html={message.html} />}
        {current === 'headers' && <HeadersPanel headers={message.headers} />}
        {current === 'raw' && <RawPanel message={message} />}
        {current === 'attachments' && <AttachmentsPanel attachments={message.attachments} />}
        {current === 'report' && <InboxReport id={message.id} />}
      </div>
    </div>
  );
}
