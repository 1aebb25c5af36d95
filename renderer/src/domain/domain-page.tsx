import { Alert } from '../ui/alert';
import { Skeleton } from '../ui/skeleton';
import { DomainForm } from './domain-form';
import { ReportView } from './report-view';
import { useDomainReport } from './use-domain-report';

/** Before sending to a domain: is its mail setup sound? The report id lives in the URL. */
export function DomainPage({ selected }: { selected: string | null }) {
  const state = useDomainReport(selected);
  const report = state.status === 'ready' || state.status === 'error' ? state.report : null;
  return (
    <main className="domain-page">
      <DomainForm report={report} />
      <div className="domain-main">
        {state.status === 'idle' && (
          <div className="send-empty">
            <h2>Check a domain's mail setup</h2>
            <p>
              Give a domain and MXray probes every MX address once (connect, banner, EHLO, STARTTLS,
              then QUIT: no mail is sent), reads MTA-STS, TLS-RPT and DANE, and with a sender domain
              its SPF and DMARC. Each finding says why, and what to do about it.
            </p>
          </div>
        )}
        {state.status === 'loading' && (
          <div className="report">
            <Skeleton rows={3} />
            <Skeleton rows={6} />
          </div>
        )}
        {state.status === 'error' && (
          <Alert
            tone="fail"
            title="Could not load this report"
            action={{ label: 'Retry', run: state.retry }}
          >
            {state.message}
          </Alert>
        )}
        {report && <ReportView key={report.id} report={report} />}
      </div>
    </main>
  );
}
