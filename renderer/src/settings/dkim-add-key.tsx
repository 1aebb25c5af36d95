import { type FormEvent, useRef, useState } from 'react';
import type { DkimKeyInfo } from '../../../shared/dkim';
import { useApi } from '../api/api-context';
import { Alert } from '../ui/alert';
import { ChoiceGroup } from '../ui/choice-group';
import { Field } from '../ui/field';
import {
  checkKeyDraft,
  emptyKeyDraft,
  type KeyDraft,
  type KeyErrors,
  keyErrorsFrom,
  kindChoices,
} from './dkim-key-draft';

const hows = [
  { value: 'generate', label: 'Generate a key' },
  { value: 'import', label: 'Import a private key' },
] as const;

const kindHint: Record<KeyDraft['kind'], string> = {
  'rsa-2048': 'What every receiver verifies; 2048 bits is the usual size.',
  'rsa-3072': 'Stronger; the TXT value needs two strings, which most DNS panels split themselves.',
  'rsa-4096': 'Strongest RSA; a long TXT value, and some DNS panels refuse one that long.',
  ed25519:
    'Short and fast (RFC 8463), but not every receiver verifies it yet: sign with an RSA key as well.',
};

/** Generate a key here, or import a PEM private key; on success the caller shows its record. */
export function DkimAddKey({ onAdded }: { onAdded(key: DkimKeyInfo): void }) {
  const api = useApi();
  const [draft, setDraft] = useState(emptyKeyDraft);
  const [errors, setErrors] = useState<KeyErrors>({});
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  const edit = <K extends keyof KeyDraft>(key: K, value: KeyDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined, form: undefined }));
  };
  const text = (key: 'domain' | 'selector' | 'pem') => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => edit(key, e.target.value),
    autoComplete: 'off',
    spellCheck: false,
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkKeyDraft(draft);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setBusy(true);
    try {
      const key =
        checked.how === 'import'
          ? await api['dkim.keys.import'](checked.request)
          : await api['dkim.keys.generate'](checked.request);
      // The next key usually shares the domain: keep it, clear the rest.
      setDraft({ ...emptyKeyDraft(), how: draft.how, domain: draft.domain, kind: draft.kind });
      setErrors({});
      onAdded(key);
    } catch (error) {
      // The input stays as typed: the message says what to fix in it.
      setErrors(keyErrorsFrom(error, draft.how));
    } finally {
      setBusy(false);
    }
  }

  async function pick(picked: File | undefined) {
    if (!picked) return;
    if (picked.size > 16_384) {
      setErrors((e) => ({ ...e, pem: `${picked.name} is too large for a PEM private key` }));
      return;
    }
    edit('pem', await picked.text());
    if (file.current) file.current.value = '';
  }

  const verb =
    draft.how === 'import'
      ? { idle: 'Import key', busy: 'Importing…' }
      : { idle: 'Generate key', busy: 'Generating…' };

  return (
    <form className="dkim-add" aria-label="Add a DKIM key" onSubmit={submit} noValidate>
      <ChoiceGroup
        legend="Add a key"
        name="dkim-how"
        value={draft.how}
        choices={hows}
        onChange={(v) => {
          edit('how', v);
          setErrors({});
        }}
      />
      <div className="settings-pair">
        <Field
          label="Domain"
          hint="The d= domain: your From address's domain"
          error={errors.domain}
        >
          <input type="text" {...text('domain')} placeholder="example.com" />
        </Field>
        <Field
          label="Selector"
          hint="The s= name, e.g. mxray2025; one key per selector"
          error={errors.selector}
        >
          <input type="text" {...text('selector')} placeholder="mxray" />
        </Field>
      </div>
      {draft.how === 'generate' ? (
        <div className="dkim-kind">
          <ChoiceGroup
            legend="Algorithm"
            name="dkim-kind"
            value={draft.kind}
            choices={kindChoices}
            onChange={(v) => edit('kind', v)}
          />
          <p className={errors.kind ? 'field-error' : 'field-hint'}>
            {errors.kind ?? kindHint[draft.kind]}
          </p>
        </div>
      ) : (
        <div className="dkim-pem">
          <Field
            label="Private key (PEM)"
            hint="PKCS#8 or PKCS#1, unencrypted: RSA of 1024 bits or more, or Ed25519. Stored sealed; never shown again."
            error={errors.pem}
          >
            <textarea rows={6} {...text('pem')} placeholder="-----BEGIN PRIVATE KEY-----" />
          </Field>
          <input
            ref={file}
            type="file"
            className="visually-hidden"
            tabIndex={-1}
            aria-label="Private key file"
            accept=".pem,.key,.txt,application/x-pem-file,text/plain"
            onChange={(e) => void pick(e.target.files?.[0])}
          />
          <button type="button" className="button" onClick={() => file.current?.click()}>
            Choose a file…
          </button>
        </div>
      )}
      {errors.form && (
        <Alert tone="fail" title="The key was not stored">
          {errors.form}
        </Alert>
      )}
      <div className="dkim-add-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? verb.busy : verb.idle}
        </button>
      </div>
    </form>
  );
}
