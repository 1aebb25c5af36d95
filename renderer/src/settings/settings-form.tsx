import { type FormEvent, useEffect, useRef, useState } from 'react';
import { RpcCallError } from '../../../shared/rpc';
import type { Settings } from '../../../shared/settings';
import { useApi } from '../api/api-context';
import { Alert } from '../ui/alert';
import { DataFolderSection } from './data-folder';
import { checkDraft, errorsByField, type FieldErrors, sameDraft, toDraft } from './settings-draft';
import {
  ConcurrencySection,
  HistorySection,
  RetrySection,
  TimeoutsSection,
} from './settings-limits';
import {
  AppearanceSection,
  DeliverySection,
  DnsSection,
  ModeSection,
  type SectionProps,
  SpamFilterSection,
} from './settings-sections';

type SaveState =
  | { status: 'idle' }
  | { status: 'invalid'; count: number }
  | { status: 'saving' }
  | { status: 'failed'; message: string };

function statusText(save: SaveState, dirty: boolean, stale: boolean, changedAt: Date | null) {
  if (save.status === 'saving') return 'Saving…';
  if (save.status === 'invalid')
    return `Not saved: ${save.count === 1 ? 'a field needs' : `${save.count} fields need`} a fix`;
  if (save.status === 'failed') return `Not saved: ${save.message}`;
  // The warning at the top may be scrolled away; the bar is always in sight.
  if (dirty) return stale ? 'Unsaved changes; settings also changed elsewhere' : 'Unsaved changes';
  return changedAt ? `Saved ${changedAt.toLocaleTimeString()}` : 'All changes saved';
}

export function SettingsForm({
  settings,
  changedAt,
}: {
  settings: Settings;
  changedAt: Date | null;
}) {
  const api = useApi();
  // base: the settings the draft started from; dirty means the user changed something.
  const [base, setBase] = useState(() => toDraft(settings));
  const [draft, setDraft] = useState(base);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const [stale, setStale] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const dirty = !sameDraft(draft, base);

  // A change from main (another window or client) resets a clean form, and only flags a
  // dirty one, so the user's typing is never thrown away.
  // biome-ignore lint/correctness/useExhaustiveDependencies: react to new settings only
  useEffect(() => {
    const next = toDraft(settings);
    if (sameDraft(next, base)) return;
    if (dirty) setStale(true);
    else setDraft(next);
    setBase(next);
  }, [settings]);

  const edit: SectionProps['edit'] = (key, value) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setSave((s) => (s.status === 'invalid' ? { status: 'idle' } : s));
  };

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const checked = checkDraft(draft);
    if ('errors' in checked) {
      setErrors(checked.errors);
      setSave({ status: 'invalid', count: Object.keys(checked.errors).length });
      return;
    }
    setSave({ status: 'saving' });
    try {
      const saved = toDraft(await api['settings.set'](checked.patch));
      setBase(saved);
      setDraft(saved);
      setStale(false);
      setSave({ status: 'idle' });
    } catch (error) {
      if (error instanceof RpcCallError && error.issues.length > 0) {
        setErrors(errorsByField(error.issues));
      }
      setSave({
        status: 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  // Save sits in a bar at the bottom, so a refused field may be a screen away: bring the
  // first one into view, focused, once the errors have rendered.
  useEffect(() => {
    if (save.status === 'invalid' || save.status === 'failed')
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [save]);

  const section = { draft, errors, edit };

  const revert = () => {
    setDraft(base);
    setErrors({});
    setStale(false);
    setSave({ status: 'idle' });
  };

  return (
    <form
      ref={form}
      className="settings-form"
      onSubmit={submit}
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
          e.preventDefault();
          void submit();
        }
      }}
      noValidate
    >
      {stale && (
        <Alert
          tone="warn"
          title="Settings were changed elsewhere"
          action={{ label: 'Discard my edits', run: revert }}
        >
          Saving now keeps your edits and overwrites that change.
        </Alert>
      )}
      <ModeSection {...section} />
      <DeliverySection {...section} />
      <DnsSection {...section} />
      <SpamFilterSection {...section} />
      <TimeoutsSection {...section} />
      <RetrySection {...section} />
      <ConcurrencySection {...section} />
      <HistorySection {...section} />
      <AppearanceSection {...section} />
      <DataFolderSection />
      <div className="save-bar">
        <span className="save-status" role="status" data-testid="save-status">
          {statusText(save, dirty, stale, changedAt)}
        </span>
        <button type="button" className="button" disabled={!dirty} onClick={revert}>
          Revert
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={!dirty || save.status === 'saving'}
        >
          Save
        </button>
      </div>
    </form>
  );
}
