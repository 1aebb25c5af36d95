import { navigate } from '../shell/use-route';
import { Alert } from '../ui/alert';
import { Skeleton } from '../ui/skeleton';
import { useDraftReport } from './draft-report-store';
import { MessageReportView } from './message-report-view';

/** The Send page's middle pane at `#/send/check`: the draft Compose last asked to judge. */
export function DraftReport() {
  const state = useDraftReport();
  return (
    <div className="mr-panel">
      <div className="mr-panel-bar">
        <span className="section-note" role="status">
          {state.status === 'checking'
            ? `Judging the draft “${state.subject || '(no subject)'}”: composing, signing, asking DNS and the spam filter…`
            : 'The draft as it was when checked: signature, HTML, format and spam score. Edit it in Compose and press Check message again.'}
        </span>
        <button
          type="button"
          className="button button-small mr-panel-close"
          onClick={() => navigate('send')}
        >
          Close
        </button>
      </div>
      {state.status === 'none' && (
        <div className="send-empty">
          <h2>No draft checked yet</h2>
          <p>
            Compose a message and press <strong>Check message</strong>: MXray composes and signs it
            as a send would, and judges what can be judged before sending.
          </p>
        </div>
      )}
      {state.status === 'checking' &&
        (state.previous ? (
          <div className="mr-stale" aria-busy="true">
            <MessageReportView report={state.previous} />
          </div>
        ) : (
          <Skeleton rows={8} />
        ))}
      {state.status === 'error' && (
        <Alert tone="fail" title="Could not judge the draft">
          {state.message}
        </Alert>
      )}
      {state.status === 'ready' && <MessageReportView report={state.report} />}
    </div>
  );
}
