import { Alert } from '../ui/alert';
import { Skeleton } from '../ui/skeleton';
import { useVerifyRun } from './use-verify-run';
import { VerifyForm } from './verify-form';
import { VerifyResults } from './verify-results';

/** The run on screen when the tab left this page (the menu's link carries no run id). */
let lastRun: string | null = null;

/** Does this mailbox exist? Single or bulk, RCPT probes only. The run id lives in the URL. */
export function VerifyPage({ selected }: { selected: string | null }) {
  // Coming back to Verify, or a start that was refused, leaves the earlier results on screen.
  if (selected) lastRun = selected;
  const state = useVerifyRun(selected ?? lastRun);
  if (state.status === 'error' && !selected) lastRun = null;
  return (
    <main className="verify-page">
      <aside className="verify-side">
        <h2>Verify addresses</h2>
        <VerifyForm />
      </aside>
      <div className="verify-main">
        {state.status === 'idle' && (
          <div className="send-empty">
            <h2>Check whether mailboxes exist</h2>
            <p>
              Each domain gets one session to its first MX that answers; every address is asked with
              RCPT TO, and a random address tells catch-all domains apart. Greylisted addresses are
              asked again when the server says.
            </p>
          </div>
        )}
        {state.status === 'loading' && <Skeleton rows={8} />}
        {state.status === 'error' && (
          <Alert tone="fail" title="Could not load this run">
            {state.message}
          </Alert>
        )}
        {state.status === 'ready' && <VerifyResults key={state.run.id} run={state.run} />}
      </div>
    </main>
  );
}
