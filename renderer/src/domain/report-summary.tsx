import type { CheckStatus, DomainReport } from '../../../shared/domain-report';
import { counted } from '../../../shared/plural';
import { ms } from '../ui/format';
import { ProgressBar } from '../ui/progress-bar';
import { overall } from './check-status';
import { CountFilters } from './count-filters';
import { ReportExport } from './report-export';

interface SummaryProps {
  report: DomainReport;
  filter: CheckStatus | null;
  onFilter(status: CheckStatus | null): void;
}

function elapsed(report: DomainReport): string {
  if (!report.endedAt) return '';
  return ` in ${ms(Date.parse(report.endedAt) - Date.parse(report.startedAt))}`;
}

/** The verdict on top: overall state, the summary sentence, counts (click to filter), exports. */
export function ReportSummary({ report, filter, onFilter }: SummaryProps) {
  const state = overall(report);
  const probed = report.probes.filter((p) => p.state === 'done').length;
  const total = report.probes.length;
  return (
    <section className={`report-summary tone-${state.tone}`} aria-label="Summary">
      <div className="report-head">
        <div className="report-title">
          <h2>{report.domain}</h2>
          <span className={`report-state tone-${state.tone}`} data-testid="report-state">
            {state.label}
          </span>
        </div>
        <ReportExport report={report} />
      </div>
      <p className="report-sentence" data-testid="report-summary">
        {report.summary}
      </p>
      {!report.done && <ProgressBar value={probed} max={total} label="Progress" />}
      <div className="report-counts">
        <CountFilters counts={report.counts} filter={filter} onFilter={onFilter} />
        <span className="section-note report-meta">
          {report.done
            ? `Checked${elapsed(report)}`
            : total
              ? `${probed} of ${counted(total, 'server')} probed…`
              : 'Looking up MX records…'}
          {report.senderDomain ? ` · sender domain ${report.senderDomain}` : ''}
        </span>
      </div>
    </section>
  );
}
