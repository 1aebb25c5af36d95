import { useState } from 'react';
import type { CheckStatus } from '../../../shared/domain-report';
import type { MessageReport } from '../../../shared/message-report';
import { CheckList } from '../domain/check-list';
import { AuthSection } from './auth-section';
import { HtmlSection } from './html-section';
import { LinksSection } from './links-section';
import { ReportHead } from './report-head';
import { MESSAGE_GROUPS } from './report-state';
import { SpamSection } from './spam-section';

/**
 * One message judged: the verdict, authentication as a receiving MX computes it, the checklist
 * (the domain report's card shape), then HTML by client, the spam score and the links. The same
 * view for an inbox message, a pasted .eml and a draft.
 */
export function MessageReportView({ report }: { report: MessageReport }) {
  const [filter, setFilter] = useState<CheckStatus | null>(null);
  return (
    <div className="report mr" data-testid="message-report" data-kind={report.kind}>
      <ReportHead report={report} filter={filter} onFilter={setFilter} />
      <AuthSection auth={report.authentication} />
      <CheckList
        checks={report.checks}
        groups={MESSAGE_GROUPS}
        done
        filter={filter}
        onClearFilter={() => setFilter(null)}
      />
      <HtmlSection html={report.html} />
      <SpamSection spam={report.spam} />
      <LinksSection links={report.links} />
    </div>
  );
}
