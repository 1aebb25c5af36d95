import { useEffect, useState } from 'react';
import { AboutPage } from '../about/about-page';
import { useSettings } from '../settings/settings-context';
import { SettingsPage } from '../settings/settings-page';
import { useTheme } from '../theme/use-theme';
import { pageFromHash } from './pages';
import { TopBar } from './top-bar';

export function App() {
  const settings = useSettings();
  useTheme(settings.status === 'ready' ? settings.settings.theme : undefined);
  const [page, setPage] = useState(() => pageFromHash(window.location.hash));
  useEffect(() => {
    const follow = () => setPage(pageFromHash(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  return (
    <div className="shell">
      <TopBar page={page} />
      <main className="page">{page === 'about' ? <AboutPage /> : <SettingsPage />}</main>
    </div>
  );
}
