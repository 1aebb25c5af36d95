import { Alert } from '../ui/alert';
import { Skeleton } from '../ui/skeleton';
import { DkimKeysSection } from './dkim-keys';
import { useSettings } from './settings-context';
import { SettingsForm } from './settings-form';

export function SettingsPage() {
  const state = useSettings();
  return (
    <div className="page-inner">
      <h1 className="page-title">Settings</h1>
      <p className="page-subtitle">
        Defaults for every send, probe and report. Stored on this machine.
      </p>
      {state.status === 'loading' && (
        <div className="card">
          <Skeleton rows={6} />
        </div>
      )}
      {state.status === 'error' && (
        <Alert
          tone="fail"
          title="Could not load settings"
          action={{ label: 'Reload', run: () => window.location.reload() }}
        >
          {state.message}
        </Alert>
      )}
      {state.status === 'ready' && (
        <SettingsForm settings={state.settings} changedAt={state.changedAt} />
      )}
      <DkimKeysSection />
    </div>
  );
}
