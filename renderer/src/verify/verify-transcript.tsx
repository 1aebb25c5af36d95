import type { VerifyResult } from '../../../shared/verify';
import { useApi } from '../api/api-context';
import { useRequest } from '../api/use-request';
import { TranscriptView } from '../transcript/transcript-view';
import { Alert } from '../ui/alert';
import { Skeleton } from '../ui/skeleton';

/** The probe session that answered for this address: the same transcript view as delivery. */
export function VerifyTranscript({ runId, result }: { runId: string; result: VerifyResult }) {
  const session = result.session;
  if (session === null)
    return (
      <p className="section-empty">
        No session was needed for {result.address}: {result.reason}.
      </p>
    );
  return <SessionTranscript key={`${runId}-${session}`} runId={runId} session={session} />;
}

function SessionTranscript({ runId, session }: { runId: string; session: number }) {
  const api = useApi();
  const lines = useRequest(() => api['verify.transcript']({ id: runId, session }));
  return (
    <div className="verify-transcript">
      {lines.status === 'loading' && <Skeleton rows={6} />}
      {lines.status === 'error' && (
        <Alert
          tone="fail"
          title="Could not load the transcript"
          action={{ label: 'Retry', run: lines.retry }}
        >
          {lines.message}
        </Alert>
      )}
      {lines.status === 'ready' && (
        <TranscriptView lines={lines.value} version={lines.value.length} live={false} />
      )}
    </div>
  );
}
