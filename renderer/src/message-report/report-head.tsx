import type { CheckStatus } from '../../../shared/domain-report';
import type { MessageReport } from '../../../shared/message-report';
import { messageReportMarkdown } from '../../../shared/message-report-markdown';
import { envelopeText } from '../../../shared/message-report-text';
import { CountFilters } from '../domain/count-filters';
import { ExportButtons } from '../ui/export-buttons';
import { bytes, timeOfDay } from '../ui/format';
import { messageState, reportFileName } from './report-state';

interface ReportHeadProps {
  report: MessageReport;
  filter: CheckStatus | null;
  onFilter(status: CheckStatus | null): void;
}

const SOURCE_WORD: Record<MessageReport['source']['kind'], string> = {
  inbox: 'Sandbox inbox',
  file: 'File',
  pasted: 'Pasted message',
  draft: 'Draft, not sent',
};

/** The verdict on top: state, the sentence, what was judged, counts (click to filter), exports. */
export function ReportHead({ report, filter, onFilter }: ReportHeadProps) {
  const state = messageState(report);
  return (
    <section className={`report-summary tone-${state.tone}`} aria-label="Summary">
      <div className="report-head">
        <div className="report-title">
          <h2>{report.kind === 'draft' ? 'Draft report' : 'Message report'}</h2>
          <span className={`report-state tone-${state.tone}`} data-testid="message-state">
            {state.label}
          </span>
        </div>
        <ExportButtons
          name={reportFileName(report)}
          json={() => report}
          markdown={() => messageReportMarkdown(report)}
        />
      </div>
      <p className="report-sentence" data-testid="message-summary">
        {report.summary.sentence}
      </p>
      <dl className="mr-facts">
        <dt>Subject</dt>
        <dd>{report.message.subject || '(no subject)'}</dd>
        <dt>From</dt>
        <dd className="mono">{report.message.from ?? '(none)'}</dd>
        <dt>Envelope</dt>
        <dd className="mono">{envelopeText(report)}</dd>
        <dt>Judged</dt>
        <dd>
          {SOURCE_WORD[report.source.kind]}
          {report.source.name && report.source.kind !== 'inbox' ? ` ${report.source.name}` : ''} ·{' '}
          {bytes(report.message.size)} · {report.mode} mode · at{' '}
          <time className="mono" dateTime={report.generatedAt}>
            {timeOfDay(report.generatedAt)}
          </time>
        </dd>
      </dl>
      <div className="report-counts">
        <CountFilters counts={report.summary.counts} filter={filter} onFilter={onFilter} />
      </div>
    </section>
  );
}
