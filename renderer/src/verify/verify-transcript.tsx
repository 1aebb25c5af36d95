import { explainReply } from '../../../shared/reply-explanations';
import type { VerifyResult } from '../../../shared/verify';
import { useApi } from '../api/api-context';
import { useRequest } from '../api/use-request';
import { TranscriptView } from '../transcript/transcript-view';
import { Loaded } from '../ui/loaded';
import { ReplyExplanationBlock } from '../ui/reply-explanation';

/** The probe session that answered for this address: the same transcript view as delivery. */
export function VerifyTranscript({ runId, result }: { runId: string; result: VerifyResult }) {
  const session = result.session;
  const explanation = result.reply ? explainReply(result.reply) : null;
  return (
    <>
      {explanation && (
        <ReplyExplanationBlock
          explanation={explanation}
          check={{
            domain: result.address.slice(result.address.lastIndexOf('@') + 1),
            senderDomain: '',
          }}
        />
      )}
      {session === null ? (
        <p className="section-empty">
          No session was needed for {result.address}: {result.reason}.
        </p>
      ) : (
        <SessionTranscript key={`${runId}-${session}`} runId={runId} session={session} />
      )}
    </>
  );
}

function SessionTranscript({ runId, session }: { runId: string; session: number }) {
  const api = useApi();
  const lines = useRequest(() => api['verify.transcript']({ id: runId, session }));
  return (
    <div className="verify-transcript">
      <Loaded state={lines} rows={6} failure="Could not load the transcript">
        {(value) => <TranscriptView lines={value} version={value.length} live={false} />}
      </Loaded>
    </div>
  );
}
