import { useState } from 'react';
import { useSettings } from '../settings/settings-context';
import { Alert } from '../ui/alert';
import { Skeleton } from '../ui/skeleton';
import { MessageReportView } from './message-report-view';
import { useMessageReport } from './use-message-report';

/**
 * An inbox message's Report tab, asked for on sight: a skeleton, then the report, with
 * "Check again" (after publishing a record) and, in Internet mode, "Check links" over HTTP.
 */
export function InboxReport({ id }: { id: string }) {
  const settings = useSettings();
  const ready = settings.status === 'ready' ? settings.settings : null;
  const internet = ready?.mode === 'internet';
  const [checkLinks, setCheckLinks] = useState(false);
  const report = useMessageReport({ source: 'inbox', id, checkLinks }, [
    ready?.mode,
    ready?.dnsServers,
    ready?.spamd,
  ]);
  return (
    <div className="mr-panel">
      <div className="mr-panel-bar">
        <button
          type="button"
          className="button button-small"
          disabled={report.loading}
          onClick={report.retry}
        >
          {report.loading ? 'Checking…' : 'Check again'}
        </button>
        {internet && !checkLinks && (
          <button
            type="button"
            className="button button-small"
            disabled={report.loading}
            onClick={() => setCheckLinks(true)}
          >
            Check links
          </button>
        )}
        <span className="section-note">
          Judged as a receiving MX would: DNS through Settings → DNS servers
          {internet ? '.' : '; links are never fetched in Sandbox mode.'}
        </span>
      </div>
      {report.error && (
        <Alert
          tone="fail"
          title="Could not judge the message"
          action={{ label: 'Retry', run: report.retry }}
        >
          {report.error}
        </Alert>
      )}
      {report.value ? (
        <div
          className={report.loading ? 'mr-stale' : undefined}
          aria-busy={report.loading || undefined}
        >
          <MessageReportView report={report.value} />
        </div>
      ) : (
        !report.error && <Skeleton rows={8} />
      )}
    </div>
  );
}
