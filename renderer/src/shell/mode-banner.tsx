import { useState } from 'react';
import { SANDBOX_SUFFIX } from '../../../shared/sandbox';
import { useApi } from '../api/api-context';
import { useSettings } from '../settings/settings-context';

/** Always on screen: where mail goes right now, and the one click that changes it. */
export function ModeBanner() {
  const settings = useSettings();
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  if (settings.status !== 'ready') return null;
  const sandbox = settings.settings.mode === 'sandbox';
  const switchTo = (mode: 'sandbox' | 'internet') =>
    api['settings.set']({ mode }).then(
      () => setError(null),
      (e: Error) => setError(e.message),
    );
  return (
    <section
      className={`mode-banner ${sandbox ? 'mode-sandbox' : 'mode-internet'}`}
      aria-label="Mode"
      data-testid="mode-banner"
    >
      <strong>{sandbox ? 'Sandbox mode' : 'Internet mode'}</strong>
      <span>
        {sandbox
          ? `Mail goes only to MXray's own MX servers on this machine (*.${SANDBOX_SUFFIX}); real domains are refused.`
          : 'Mail goes to real MX servers over port 25. Sandbox domains still stay on this machine.'}
      </span>
      {error && <span className="mode-banner-error">{error}</span>}
      <button
        type="button"
        className="button button-small"
        onClick={() => switchTo(sandbox ? 'internet' : 'sandbox')}
      >
        {sandbox ? 'Switch to Internet mode' : 'Back to Sandbox mode'}
      </button>
    </section>
  );
}
