import { type FormEvent, useEffect, useState } from 'react';
import type { DomainReport } from '../../../shared/domain-report';
import { RpcCallError } from '../../../shared/rpc';
import { useApi } from '../api/api-context';
import { navigate } from '../shell/use-route';
import { Alert } from '../ui/alert';
import { Field } from '../ui/field';
import { clearDomainPrefill, peekDomainPrefill } from './domain-prefill';

type Errors = { domain?: string; senderDomain?: string; other?: string };

/** Main's refusal, next to the field it names when it names one. */
function errorsOf(e: unknown): Errors {
  if (e instanceof RpcCallError && e.issues.length) {
    const out: Errors = {};
    for (const issue of e.issues) {
      const key =
        issue.path === 'senderDomain'
          ? 'senderDomain'
          : issue.path === 'domain'
            ? 'domain'
            : 'other';
      out[key] = out[key] ?? issue.message;
    }
    return out;
  }
  return { other: e instanceof Error ? e.message : String(e) };
}

/** Domain and sender domain, Check (Enter too), Cancel while the shown report runs. */
export function DomainForm({ report }: { report: DomainReport | null }) {
  const api = useApi();
  // Opened from an explained refusal: its domains, once.
  const [domain, setDomain] = useState(() => peekDomainPrefill()?.domain ?? '');
  const [senderDomain, setSenderDomain] = useState(() => peekDomainPrefill()?.senderDomain ?? '');
  useEffect(() => clearDomainPrefill(), []);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const running = report !== null && !report.done;

  // Opened from a link or a reload: show what the report was asked about.
  const reportId = report?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when another report is shown
  useEffect(() => {
    if (!report) return;
    setDomain((d) => d || report.domain);
    setSenderDomain((s) => s || (report.senderDomain ?? ''));
  }, [reportId]);

  async function start(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const { id } = await api['report.start']({ domain, senderDomain });
      setErrors({});
      navigate('domain', id);
    } catch (e) {
      setErrors(errorsOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    if (!report) return;
    try {
      await api['report.cancel']({ id: report.id });
    } catch (e) {
      setErrors(errorsOf(e));
    }
  }

  return (
    <div className="domain-bar">
      <form className="domain-form" aria-label="Check a domain" onSubmit={start} noValidate>
        <Field label="Domain" error={errors.domain}>
          <input
            type="text"
            value={domain}
            placeholder="example.com"
            spellCheck={false}
            autoCapitalize="off"
            onChange={(e) => setDomain(e.target.value)}
          />
        </Field>
        <Field
          label="Sender domain"
          hint="Optional: checks SPF and DMARC"
          error={errors.senderDomain}
        >
          <input
            type="text"
            value={senderDomain}
            placeholder="your-company.com"
            spellCheck={false}
            autoCapitalize="off"
            onChange={(e) => setSenderDomain(e.target.value)}
          />
        </Field>
        <div className="domain-form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Starting…' : 'Check'}
          </button>
          {running && (
            <button type="button" className="button" onClick={cancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
      {errors.other && (
        <Alert tone="fail" title="Not started">
          {errors.other}
        </Alert>
      )}
    </div>
  );
}
