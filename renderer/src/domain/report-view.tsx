import { useState } from 'react';
import type { CheckStatus, DomainReport } from '../../../shared/domain-report';
import { CheckList } from './check-list';
import { GROUPS } from './check-status';
import { MxMatrix } from './mx-matrix';
import { ReportSummary } from './report-summary';

/** One report: the verdict, the MX health matrix, then the checks by group. */
export function ReportView({ report }: { report: DomainReport }) {
  const [filter, setFilter] = useState<CheckStatus | null>(null);
  return (
    <div className="report">
      <ReportSummary report={report} filter={filter} onFilter={setFilter} />
      <MxMatrix report={report} />
      <CheckList
        checks={report.checks}
        groups={GROUPS}
        done={report.done}
        filter={filter}
        onClearFilter={() => setFilter(null)}
      />
    </div>
  );
}
