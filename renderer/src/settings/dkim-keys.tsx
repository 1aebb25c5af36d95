import { useId, useState } from 'react';
import type { DkimKeyInfo } from '../../../shared/dkim';
import { useApi } from '../api/api-context';
import { keyKind, keyName } from '../dkim/dkim-facts';
import { useDkimKeys } from '../dkim/keys-store';
import { Alert } from '../ui/alert';
import { Skeleton } from '../ui/skeleton';
import { DkimAddKey } from './dkim-add-key';
import { DkimTxtRecordView } from './dkim-txt-record';

const created = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * DKIM signing keys: the stored ones with their DNS records, and a form to add one. Not part
 * of the settings form: a key is stored (or deleted) the moment the user asks.
 */
export function DkimKeysSection() {
  const id = useId();
  const { state, store } = useDkimKeys();
  // The key whose DNS record is open; the one just added opens with a line saying so.
  const [open, setOpen] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  return (
    <section className="card dkim-keys" aria-labelledby={id}>
      <h2 id={id}>DKIM signing keys</h2>
      <p className="settings-note dkim-intro">
        Compose signs with one of these (Sign with DKIM). The private key stays sealed in the data
        folder; only its public half, the DNS record to publish, is shown. Stored as soon as you
        generate or import one: Save is not needed.
      </p>
      {state.status === 'loading' && <Skeleton rows={3} />}
      {state.status === 'error' && (
        <Alert
          tone="fail"
          title="Could not list the DKIM keys"
          action={{ label: 'Retry', run: () => void store.reload() }}
        >
          {state.message}
        </Alert>
      )}
      {state.status === 'ready' && state.keys.length === 0 && (
        <p className="dkim-empty">
          No keys yet. Generate one below, or import the private key your domain already publishes.
        </p>
      )}
      {state.status === 'ready' && state.keys.length > 0 && (
        <ul className="dkim-key-list" aria-label="DKIM keys">
          {state.keys.map((key) => (
            <DkimKeyRow
              key={key.id}
              info={key}
              open={open === key.id}
              justAdded={added === key.id}
              onToggle={() => setOpen(open === key.id ? null : key.id)}
              onDeleted={() => store.removed(key.id)}
            />
          ))}
        </ul>
      )}
      <DkimAddKey
        onAdded={(key) => {
          store.added(key);
          setOpen(key.id);
          setAdded(key.id);
        }}
      />
    </section>
  );
}

interface RowProps {
  info: DkimKeyInfo;
  open: boolean;
  justAdded: boolean;
  onToggle(): void;
  onDeleted(): void;
}

function DkimKeyRow({ info, open, justAdded, onToggle, onDeleted }: RowProps) {
  const api = useApi();
  const recordId = useId();
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const name = keyName(info);

  async function remove() {
    setDeleting(true);
    try {
      // false: already gone (another window deleted it); either way it is not stored now.
      await api['dkim.keys.delete']({ id: info.id });
      onDeleted();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
      setDeleting(false);
      setConfirming(false);
    }
  }

  return (
    <li className="dkim-key" aria-label={name}>
      <div className="dkim-key-head">
        <div className="dkim-key-title">
          <code className="dkim-key-name">{name}</code>
          <span className={`badge ${info.warnings.length ? 'badge-warn' : 'badge-muted'}`}>
            {keyKind(info)}
          </span>
          <span className="dkim-key-created">Created {created(info.createdAt)}</span>
        </div>
        <div className="dkim-key-actions">
          <button
            type="button"
            className="button button-small"
            aria-expanded={open}
            aria-controls={recordId}
            onClick={onToggle}
          >
            {open ? 'Hide DNS record' : 'DNS record'}
          </button>
          {!confirming && (
            <button
              type="button"
              className="button button-small"
              aria-label={`Delete ${name}`}
              onClick={() => {
                setFailure(null);
                setConfirming(true);
              }}
            >
              Delete
            </button>
          )}
        </div>
      </div>
      {info.warnings.map((warning) => (
        <p className="dkim-key-warning" key={warning}>
          <span className="badge badge-warn">Warning</span> {warning}
        </p>
      ))}
      {confirming && (
        <div className="dkim-confirm">
          <span>
            Delete this key? Compose can no longer sign with it; mail already signed still verifies
            while its DNS record stays published.
          </span>
          <button
            type="button"
            className="button button-small dkim-danger"
            disabled={deleting}
            onClick={remove}
          >
            {deleting ? 'Deleting…' : 'Delete key'}
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={deleting}
            onClick={() => setConfirming(false)}
          >
            Keep
          </button>
        </div>
      )}
      {failure && (
        <Alert tone="fail" title="Not deleted">
          {failure}
        </Alert>
      )}
      <div id={recordId} hidden={!open}>
        {open && (
          <>
            {justAdded && (
              <p className="dkim-added" role="status">
                Stored. Publish this TXT record so receivers can check the signatures:
              </p>
            )}
            <DkimTxtRecordView txt={info.txt} />
          </>
        )}
      </div>
    </li>
  );
}
