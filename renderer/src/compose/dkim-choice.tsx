import { useEffect, useId, useState } from 'react';
import { DkimCanonicalization, type DkimKeyInfo } from '../../../shared/dkim';
import { keyName } from '../dkim/dkim-facts';
import { type DkimKeys, type KeysState, useDkimKeys } from '../dkim/keys-store';
import { navigate } from '../shell/use-route';
import { dkimWarning, reconcileDkim, withDkimKey } from './compose-dkim';
import type { ComposeDraft } from './compose-draft';

type Replace = (change: (draft: ComposeDraft) => ComposeDraft) => void;

/**
 * The stored keys for Compose, kept in step with the draft: asked again on mount and when the
 * window gets focus (keys change in Settings or another window without an event), and a
 * chosen key that is gone resets the choice with a note. `confirm()` asks once more right
 * before a send: true when the draft may go as it is.
 */
export function useDkimChoice(draft: ComposeDraft, replace: Replace) {
  const { state, store } = useDkimKeys();
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    const again = () => void store.reload();
    window.addEventListener('focus', again);
    return () => window.removeEventListener('focus', again);
  }, [store]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only the key list and the choice matter
  useEffect(() => {
    if (state.status !== 'ready') return;
    const checked = reconcileDkim(draft, state.keys);
    if (!checked.note) return;
    replace((d) => reconcileDkim(d, state.keys).draft);
    setNote(checked.note);
  }, [state, draft.dkimKeyId]);

  async function confirm(): Promise<boolean> {
    if (!draft.dkimKeyId) return true;
    await store.reload();
    const now = store.get();
    return now.status !== 'ready' || !reconcileDkim(draft, now.keys).note;
  }

  return { state, store, note, clearNote: () => setNote(null), confirm };
}

const canons = DkimCanonicalization.options;

interface DkimChoiceProps {
  draft: ComposeDraft;
  keys: KeysState;
  store: DkimKeys;
  note: string | null;
  error: string | undefined;
  onDraft: Replace;
  clearNote(): void;
}

/** Sign with DKIM: none or a stored key, its canonicalisation, and DMARC's alignment. */
export function DkimChoice({
  draft,
  keys,
  store,
  note,
  error,
  onDraft,
  clearNote,
}: DkimChoiceProps) {
  const id = useId();
  const list: DkimKeyInfo[] = keys.status === 'ready' ? keys.keys : [];
  const warning = dkimWarning(draft, list);
  const described = [error && `${id}-error`, warning && `${id}-warn`, note && `${id}-note`]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="compose-dkim">
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>Sign with DKIM</label>
        <select
          id={id}
          value={draft.dkimKeyId}
          aria-invalid={error ? true : undefined}
          aria-describedby={described || undefined}
          onChange={(e) => {
            clearNote();
            const key = list.find((k) => k.id === e.target.value);
            onDraft((d) => withDkimKey(d, key));
          }}
        >
          <option value="">None: send unsigned</option>
          {list.map((key) => (
            <option key={key.id} value={key.id}>
              {keyName(key)}
            </option>
          ))}
        </select>
        {error && (
          <div className="field-error" id={`${id}-error`} role="alert">
            {error}
          </div>
        )}
        {warning && (
          <div className="compose-dkim-warn" id={`${id}-warn`}>
            {warning}
          </div>
        )}
        {note && (
          <div className="compose-dkim-warn" id={`${id}-note`} role="status">
            {note}
          </div>
        )}
        {keys.status === 'error' && (
          <div className="field-error">
            Could not list the keys: {keys.message}{' '}
            <button type="button" className="link-button" onClick={() => void store.reload()}>
              Retry
            </button>
          </div>
        )}
        {keys.status === 'ready' && list.length === 0 && (
          <div className="field-hint">
            No keys yet:{' '}
            <button type="button" className="link-button" onClick={() => navigate('settings')}>
              add one in Settings
            </button>
          </div>
        )}
      </div>
      {draft.dkimKeyId && (
        <div className="field">
          <label htmlFor={`${id}-canon`}>Canonicalization</label>
          <select
            id={`${id}-canon`}
            value={draft.dkimCanon}
            aria-describedby={`${id}-canon-hint`}
            onChange={(e) =>
              onDraft((d) => ({ ...d, dkimCanon: e.target.value as ComposeDraft['dkimCanon'] }))
            }
          >
            {canons.map((c) => (
              <option key={c} value={c}>
                {c}
                {c === 'relaxed/relaxed' ? ' (survives relays)' : ''}
              </option>
            ))}
          </select>
          <div className="field-hint" id={`${id}-canon-hint`}>
            Header/body: relaxed forgives the whitespace and case changes relays make.
          </div>
        </div>
      )}
    </div>
  );
}
