import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConnectionProvider } from './api/api-context';
import { connect } from './api/connect';
import { forgetWebToken, takeWebToken } from './api/web-token';
import { OutboxProvider } from './outbox/outbox-context';
import { SettingsProvider } from './settings/settings-context';
import { App } from './shell/app';
import { NoKey } from './shell/no-key';
import './theme/tokens.css';
import './ui/ui.css';
import './shell/shell.css';
import './settings/settings.css';
import './settings/dkim.css';
import './about/about.css';
import './send/send.css';
import './compose/compose.css';
import './delivery/delivery.css';
import './transcript/transcript.css';
import './sandbox/sandbox.css';
import './sandbox/sandbox-inbox.css';
import './verify/verify.css';
import './domain/domain.css';
import './domain/domain-matrix.css';
import './domain/domain-checks.css';
import './message-report/message-report.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// In a browser the tab needs the token from the printed URL; Electron's preload needs none.
const token = window.mxray ? null : takeWebToken();
const reactRoot = createRoot(root);

if (!window.mxray && !token) reactRoot.render(<NoKey reason="none" />);
else {
  const connection = connect(token);
  // A socket refused before it ever opened: the key is from an earlier run, or MXray stopped.
  let opened = false;
  const stop = connection.onStateChange((state) => {
    if (state === 'open') opened = true;
    if (state !== 'closed' || opened || !token) return;
    stop();
    forgetWebToken();
    reactRoot.render(<NoKey reason="refused" />);
  });
  reactRoot.render(
    <StrictMode>
      <ConnectionProvider connection={connection}>
        <SettingsProvider>
          <OutboxProvider>
            <App />
          </OutboxProvider>
        </SettingsProvider>
      </ConnectionProvider>
    </StrictMode>,
  );
}
