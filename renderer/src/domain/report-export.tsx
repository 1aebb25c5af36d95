import type { DomainReport } from '../../../shared/domain-report';
import { reportMarkdown } from '../../../shared/domain-report-markdown';
import { ExportButtons } from '../ui/export-buttons';

/** The domain report's exports: `mxray-check-<domain>.json` and `.md`. */
export function ReportExport({ report }: { report: DomainReport }) {
  return (
    <ExportButtons
      name={`mxray-check-${report.domain.replace(/[^a-z0-9.-]/gi, '_')}`}
      json={() => report}
      markdown={() => reportMarkdown(report)}
    />
  );
}
