import { useState } from 'react';
import { useApi } from '../api/api-context';
import { Alert } from '../ui/alert';
import { bytes, timeOfDay } from '../ui/format';
import { Skeleton } from '../ui/skeleton';
import { MessageTabs, type TabId } from './message-tabs';
import { messageOf, useLoad } from './use-load';

interface MessageDetailProps {
  id: string;
  onDelete(id: string): Promise<void>;
}

/** One message read in full: envelope first (what SMTP saw), then its parts. */
export function MessageDetail({ id, onDelete }: MessageDetailProps) {
  const api = useApi();
  const loaded = useLoad(() => api['sandbox.inbox.get']({ id }), id);
  const [tab, setTab] = useState<TabId | null>(null);
  const [deleting, setDeleting] = useState(false);
  // Keyed by id: a failed delete must not offer to retry on the next message.
  const [failed, setFailed] = useState<{ id: string; message: string } | null>(null);
  const deleteError = failed?.id === id ? failed.message : null;
  const message = loaded.value;

  const remove = async () => {
    setDeleting(true);
    setFailed(null);
    try {
      await onDelete(id);
    } catch (error) {
      setFailed({ id, message: messageOf(error) });
    } finally {
      setDeleting(false);
    }
  };

  if (message === undefined && !loaded.error)
    return (
      <div className="sbx-detail-body">
        <Skeleton rows={6} />
      </div>
    );
  if (message === null)
    return (
      <p className="sbx-empty">
        This message is no longer in the inbox: it was deleted, or the inbox was cleared.
      </p>
    );

  return (
    <>
      {loaded.error && (
        <Alert
          tone="fail"
          title="Could not read the message"
          action={{ label: 'Retry', run: loaded.retry }}
        >
          {loaded.error}
        </Alert>
      )}
      {deleteError && (
        <Alert
          tone="fail"
          title="Could not delete the message"
          action={{ label: 'Retry', run: remove }}
        >
          {deleteError}
        </Alert>
      )}
      {message && (
        <>
          <div className="sbx-detail-head">
            <h3 className="sbx-detail-subject">{message.subject || '(no subject)'}</h3>
            {message.unacknowledged && (
              <span className="badge badge-warn sbx-badge">no reply to the final dot</span>
            )}
            <button
              type="button"
              className="button button-small"
              disabled={deleting}
              onClick={remove}
            >
              Delete
            </button>
          </div>
          <dl className="sbx-envelope" aria-label="Envelope">
            <dt>MAIL FROM</dt>
            <dd className="mono">
              {message.mailFrom ? `<${message.mailFrom}>` : '<> (null sender)'}
            </dd>
            <dt>RCPT TO</dt>
            <dd className="mono">{message.rcptTo.map((r) => `<${r}>`).join(', ')}</dd>
            <dt>From</dt>
            <dd>{message.from || '—'}</dd>
            <dt>Received by</dt>
            <dd>
              <span className="mono">{message.host}</span>
              <span className="sbx-muted"> · {message.scenario}</span>
            </dd>
            <dt>Received</dt>
            <dd>
              <time dateTime={message.receivedAt} title={message.receivedAt}>
                {new Date(message.receivedAt).toLocaleDateString()}{' '}
                <span className="mono">{timeOfDay(message.receivedAt)}</span>
              </time>
              <span className="sbx-muted"> · {bytes(message.size)}</span>
            </dd>
          </dl>
          <MessageTabs message={message} tab={tab} onTab={setTab} />
        </>
      )}
    </>
  );
}
