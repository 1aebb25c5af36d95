import { AboutPage } from '../about/about-page';
import { DomainPage } from '../domain/domain-page';
import { MessagePage } from '../message-report/message-page';
import { SandboxPage } from '../sandbox/sandbox-page';
import { SendPage } from '../send/send-page';
import { useSettings } from '../settings/settings-context';
import { SettingsPage } from '../settings/settings-page';
import { useTheme } from '../theme/use-theme';
import { VerifyPage } from '../verify/verify-page';
import { ModeBanner } from './mode-banner';
import { TopBar } from './top-bar';
import { useRoute } from './use-route';

export function App() {
  const settings = useSettings();
  useTheme(settings.status === 'ready' ? settings.settings.theme : undefined);
  const { page, selected } = useRoute();
  return (
    <div className="shell">
      <TopBar page={page} />
      <ModeBanner />
      {page === 'send' && <SendPage selected={selected} />}
      {page === 'verify' && <VerifyPage selected={selected} />}
      {page === 'domain' && <DomainPage selected={selected} />}
      {page === 'message' && <MessagePage />}
      {page === 'sandbox' && <SandboxPage selected={selected} />}
      {page === 'settings' && (
        <main className="page">
          <SettingsPage />
        </main>
      )}
      {page === 'about' && (
        <main className="page">
          <AboutPage />
        </main>
      )}
    </div>
  );
}
