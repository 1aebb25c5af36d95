import type { DomainReport } from '../../../shared/domain-report';
import { reportMarkdown } from '../../../shared/domain-report-markdown';
import { download } from '../ui/download';

const fileName = (domain: string, ext: string) =>
  `mxray-check-${domain.replace(/[^a-z0-9.-]/gi, '_')}.${ext}`;

/** The report as it stands, for a ticket or a colleague: JSON, or Markdown to paste. */
export function ReportExport({ report }: { report: DomainReport }) {
  return (
    <span className="report-export">
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          download(
            fileName(report.domain, 'json'),
            JSON.stringify(report, null, 2),
            'application/json',
          )
        }
      >
        Export JSON
      </button>
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          download(fileName(report.domain, 'md'), reportMarkdown(report), 'text/markdown')
        }
      >
        Export Markdown
      </button>
    </span>
  );
}
