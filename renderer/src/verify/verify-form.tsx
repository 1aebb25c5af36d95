import { type FormEvent, useState } from 'react';
import { addressesFromText } from '../../../shared/verify-csv';
import { useApi } from '../api/api-context';
import { navigate } from '../shell/use-route';
import { Alert } from '../ui/alert';
import { Field } from '../ui/field';

/** Paste a list or import a CSV, then verify; addresses are checked by main, one by one. */
export function VerifyForm() {
  const api = useApi();
  const [text, setText] = useState(
    'alice@reject.sandbox.test\ncarol@reject.sandbox.test\nanyone@catchall.sandbox.test\nyou@full.sandbox.test',
  );
  const [probeFrom, setProbeFrom] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const addresses = addressesFromText(text);

  async function start(event?: FormEvent) {
    event?.preventDefault();
    if (!addresses.length) {
      setError('Give at least one address, one per line');
      return;
    }
    setBusy(true);
    try {
      const { id } = await api['verify.start']({
        addresses,
        probeFrom: probeFrom.trim(),
        retryGreylisted: true,
      });
      setError(null);
      navigate('verify', id);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="verify-form" aria-label="Verify addresses" onSubmit={start} noValidate>
      <Field
        label="Addresses"
        hint={`${addresses.length} address${addresses.length === 1 ? '' : 'es'}: one per line, or a CSV with an email column`}
        error={error && !addresses.length ? error : undefined}
      >
        <textarea
          rows={12}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
        />
      </Field>
      <label className="verify-import">
        Import CSV
        <input
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) setText(await file.text());
            e.target.value = '';
          }}
        />
      </label>
      <Field
        label="Probe sender (MAIL FROM)"
        hint="Empty: the null sender <>, which every MX must accept"
      >
        <input
          type="text"
          value={probeFrom}
          onChange={(e) => setProbeFrom(e.target.value)}
          spellCheck={false}
        />
      </Field>
      {error && addresses.length > 0 && (
        <Alert tone="fail" title="Not started">
          {error}
        </Alert>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Starting…' : 'Verify'}
      </button>
      <p className="section-note">
        RCPT probes only: MXray never sends DATA, so nothing is delivered.
      </p>
    </form>
  );
}
