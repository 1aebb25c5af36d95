import { useRef, useState } from 'react';
import { SANDBOX_SUFFIX } from '../../../shared/sandbox';
import { navigate } from '../shell/use-route';
import { Alert } from '../ui/alert';
import { Skeleton } from '../ui/skeleton';
import { afterDelete } from './inbox-model';
import { MessageDetail } from './message-detail';
import { MessageList } from './message-list';
import { useInbox } from './use-inbox';
import { messageOf } from './use-load';

/** The right pane: what the scenario servers accepted, list above and the open message below. */
export function InboxPane({ selected }: { selected: string | null }) {
  const inbox = useInbox();
  const { messages } = inbox;
  const [actionError, setActionError] = useState<string | null>(null);
  const detailRef = useRef<HTMLElement>(null);
  const count = messages?.length ?? 0;

  const clear = async () => {
    const what = count === 1 ? 'the one message' : `all ${count} messages`;
    if (!window.confirm(`Delete ${what} from the sandbox inbox?`)) return;
    setActionError(null);
    try {
      await inbox.clear();
      if (selected) navigate('sandbox', null);
    } catch (error) {
      setActionError(messageOf(error));
    }
  };
  const remove = async (id: string) => {
    const next = messages ? afterDelete(messages, id) : null;
    await inbox.remove(id);
    navigate('sandbox', next);
  };
  const focusDetail = () =>
    detailRef.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();

  return (
    <section className="sbx-pane sbx-inbox" aria-label="Sandbox inbox">
      <header className="sbx-pane-head">
        <h2>Inbox</h2>
        <span className="sbx-pane-meta">
          {messages
            ? `${count} message${count === 1 ? '' : 's'} · what the scenario servers accepted`
            : inbox.loading && 'Loading…'}
        </span>
        <button
          type="button"
          className="button button-small sbx-pane-action"
          disabled={!count}
          onClick={clear}
        >
          Clear inbox
        </button>
      </header>
      {(inbox.error || actionError) && (
        <div className="sbx-pane-alerts">
          {inbox.error && (
            <Alert
              tone="fail"
              title="Could not load the inbox"
              action={{ label: 'Retry', run: inbox.retry }}
            >
              {inbox.error}
            </Alert>
          )}
          {actionError && (
            <Alert
              tone="fail"
              title="Could not clear the inbox"
              action={{ label: 'Dismiss', run: () => setActionError(null) }}
            >
              {actionError}
            </Alert>
          )}
        </div>
      )}
      <div className="sbx-list-wrap">
        {!messages && inbox.loading && (
          <div className="sbx-list-pad">
            <Skeleton rows={5} />
          </div>
        )}
        {messages && count === 0 && (
          <p className="sbx-empty">
            Nothing received yet. Send to any *.{SANDBOX_SUFFIX} address from the{' '}
            <a href="#/send">Send page</a>.
          </p>
        )}
        {messages && count > 0 && (
          <MessageList
            messages={messages}
            selected={selected}
            onSelect={(id) => navigate('sandbox', id)}
            onOpen={focusDetail}
          />
        )}
      </div>
      <section className="sbx-detail" aria-label="Message" ref={detailRef}>
        {selected ? (
          <MessageDetail id={selected} onDelete={remove} />
        ) : (
          <p className="sbx-empty">
            {count
              ? 'Select a message to see its envelope, body, headers and raw source. ↑ and ↓ move through the list.'
              : 'A message you select shows here: envelope, text, HTML, headers, raw source and attachments.'}
          </p>
        )}
      </section>
    </section>
  );
}
