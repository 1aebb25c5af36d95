import { useRef, useState } from 'react';
import type { MessageReport } from '../../../shared/message-report';
import { RpcCallError } from '../../../shared/rpc';
import { useApi } from '../api/api-context';
import { useSettings } from '../settings/settings-context';
import { Alert } from '../ui/alert';
import { Skeleton } from '../ui/skeleton';
import { useMediaQuery } from '../ui/use-media-query';
import { MessageReportView } from './message-report-view';
import { type PastedMessage, type PasteErrors, PasteForm } from './paste-form';

const empty: PastedMessage = {
  raw: '',
  ip: '',
  helo: '',
  mailFrom: '',
  checkLinks: false,
  fileName: null,
};
// What was pasted survives a visit to another page (not a reload: it may be large and private).
let kept: { value: PastedMessage; report: MessageReport | null; judged: PastedMessage | null } = {
  value: empty,
  report: null,
  judged: null,
};

/** The report is about what was judged: another message or envelope makes it out of date. */
const sameInput = (a: PastedMessage, b: PastedMessage | null) =>
  b !== null &&
  a.raw === b.raw &&
  a.ip === b.ip &&
  a.helo === b.helo &&
  a.mailFrom === b.mailFrom &&
  a.checkLinks === b.checkLinks;

function errorsOf(error: unknown): PasteErrors {
  const issues = error instanceof RpcCallError ? error.issues : [];
  const errors: PasteErrors = {};
  for (const issue of issues) {
    const field = issue.path.split('.')[0];
    if (field === 'raw' || field === 'ip' || field === 'helo' || field === 'mailFrom')
      errors[field] ??= issue.message;
  }
  return errors;
}

/** `#/message`: a message from elsewhere (an .eml), judged as a receiving MX would judge it. */
export function MessagePage() {
  const api = useApi();
  const settings = useSettings();
  const internet = settings.status === 'ready' && settings.settings.mode === 'internet';
  const [value, setValue] = useState(kept.value);
  const [report, setReport] = useState(kept.report);
  const [judged, setJudged] = useState(kept.judged);
  const stale = report !== null && !sameInput(value, judged);
  const [errors, setErrors] = useState<PasteErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Stacked (as message-report.css does under 900 px): the report lands below the form.
  const stacked = useMediaQuery('(max-width: 900px)');
  const mainRef = useRef<HTMLDivElement>(null);

  const change = (next: PastedMessage) => {
    setValue(next);
    kept = { ...kept, value: next };
    setErrors({});
    setFailure(null);
  };

  async function check() {
    if (!value.raw.trim()) {
      setErrors({ raw: 'Paste a message, or open an .eml file' });
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const next = await api['message.report']({
        source: 'pasted',
        raw: value.raw,
        ip: value.ip,
        helo: value.helo,
        mailFrom: value.mailFrom,
        checkLinks: internet && value.checkLinks,
      });
      setReport(next);
      setJudged(value);
      setErrors({});
      // What is typed meanwhile stays what `change` kept; the report is about `value`.
      kept = { ...kept, report: next, judged: value };
    } catch (error) {
      const fields = errorsOf(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFailure((error as Error).message);
    } finally {
      // Stacked, the answer (a report or the refusal) is below the form: bring it into view.
      if (stacked) requestAnimationFrame(() => mainRef.current?.scrollIntoView({ block: 'start' }));
      setBusy(false);
    }
  }

  return (
    <main className="mr-page">
      <div className="mr-page-form">
        <PasteForm
          value={value}
          onChange={change}
          errors={errors}
          internet={internet}
          busy={busy}
          onSubmit={() => void check()}
        />
      </div>
      <div className="mr-page-main" ref={mainRef}>
        {failure && (
          <Alert tone="fail" title="Could not judge the message">
            {failure}
          </Alert>
        )}
        {busy && !report && <Skeleton rows={10} />}
        {report && stale && (
          <p className="section-note mr-stale-note" role="status">
            The message or its envelope changed since this report: press Check message to judge it
            again.
          </p>
        )}
        {report && (
          <div className={stale || busy ? 'mr-stale' : undefined} aria-busy={busy || undefined}>
            <MessageReportView report={report} />
          </div>
        )}
        {!report && !busy && !failure && (
          <div className="send-empty">
            <h2>Would a big mailbox provider accept this message?</h2>
            <p>
              The report says how SPF, DKIM, DMARC and ARC come out, checks Gmail's and Yahoo's
              sender rules and RFC 5322, scores the HTML in mail clients, asks your spamd (Settings
              → Spam filter) and lists every link. Messages in the Sandbox inbox have the same
              report in their Report tab; Compose's Check message judges a draft.
            </p>
          </div>
        )}
      </div>
    </main>
  );
}
