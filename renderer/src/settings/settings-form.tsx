import { type FormEvent, useEffect, useState } from 'react';
import { RpcCallError } from '../../../shared/rpc';
import type { Settings } from '../../../shared/settings';
import { useApi } from '../api/api-context';
import { Alert } from '../ui/alert';
import { ChoiceGroup } from '../ui/choice-group';
import { Field } from '../ui/field';
import {
  checkDraft,
  errorsByField,
  type FieldErrors,
  type SettingsDraft,
  sameDraft,
  toDraft,
} from './settings-draft';

const themes = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
] as const;

const modes = [
  {
    value: 'sandbox',
    label: 'Sandbox',
    description: 'Sandbox domains only, answered by MX servers inside MXray.',
  },
  {
    value: 'internet',
    label: 'Internet',
    description: 'Real DNS and real MX servers, on outbound port 25.',
  },
] as const;

type SaveState = { status: 'idle' } | { status: 'saving' } | { status: 'failed'; message: string };

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

  const edit = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const checked = checkDraft(draft);
    if ('errors' in checked) {
      setErrors(checked.errors);
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
      if (error instanceof RpcCallError && error.issues.length > 0)
        setErrors(errorsByField(error.issues));
      setSave({
        status: 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  const revert = () => {
    setDraft(base);
    setErrors({});
    setStale(false);
  };

  return (
    <form
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
      <section className="card">
        <h2>Appearance</h2>
        <ChoiceGroup
          legend="Theme"
          name="theme"
          value={draft.theme}
          choices={themes}
          onChange={(v) => edit('theme', v)}
        />
      </section>
      <section className="card">
        <h2>Delivery mode</h2>
        <ChoiceGroup
          legend="Where mail goes"
          name="mode"
          variant="cards"
          value={draft.mode}
          choices={modes}
          onChange={(v) => edit('mode', v)}
        />
      </section>
      <section className="card">
        <h2>SMTP session defaults</h2>
        <div className="settings-grid">
          <Field
            label="HELO name"
            hint="Announced in EHLO/HELO. Empty: this machine's host name."
            error={errors.heloName}
          >
            <input
              type="text"
              value={draft.heloName}
              placeholder="mail.example.com"
              spellCheck={false}
              onChange={(e) => edit('heloName', e.target.value)}
            />
          </Field>
          <Field
            label="TLS policy"
            hint="Opportunistic uses STARTTLS when offered."
            error={errors.tlsPolicy}
          >
            <select
              value={draft.tlsPolicy}
              onChange={(e) => edit('tlsPolicy', e.target.value as Settings['tlsPolicy'])}
            >
              <option value="opportunistic">Opportunistic</option>
              <option value="require">Require</option>
              <option value="off">Off</option>
            </select>
          </Field>
          <Field
            label="Connect timeout (seconds)"
            hint="1 to 600."
            error={errors.connectTimeoutSeconds}
          >
            <input
              type="text"
              inputMode="numeric"
              value={draft.connectTimeoutSeconds}
              onChange={(e) => edit('connectTimeoutSeconds', e.target.value)}
            />
          </Field>
        </div>
      </section>
      <section className="card">
        <h2>DNS</h2>
        <Field
          label="DNS servers"
          hint="One per line, host[:port]. Empty: the system's resolvers."
          error={errors.dnsServers}
        >
          <textarea
            rows={3}
            value={draft.dnsServers}
            placeholder="127.0.0.1:5353"
            spellCheck={false}
            onChange={(e) => edit('dnsServers', e.target.value)}
          />
        </Field>
      </section>
      <div className="save-bar">
        <span className="save-status" role="status" data-testid="save-status">
          {save.status === 'saving'
            ? 'Saving…'
            : save.status === 'failed'
              ? `Not saved: ${save.message}`
              : dirty
                ? 'Unsaved changes'
                : changedAt
                  ? `Saved ${changedAt.toLocaleTimeString()}`
                  : 'All changes saved'}
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
