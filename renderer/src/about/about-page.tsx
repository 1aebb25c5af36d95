import type { AppInfo } from '../../../shared/app-info';
import { useApi, useConnection } from '../api/api-context';
import { useRequest } from '../api/use-request';
import { Loaded } from '../ui/loaded';

const runtimeLabel: Record<AppInfo['runtime'], string> = {
  electron: 'Desktop app (Electron)',
  web: 'Web mode (mxray web)',
  cli: 'Command line',
};

export function AboutPage() {
  const api = useApi();
  const { kind } = useConnection();
  const info = useRequest(() => api['app.info']({}));
  return (
    <div className="page-inner">
      <h1 className="page-title">About MXray</h1>
      <p className="page-subtitle">
        Sends mail straight to a domain's MX servers and shows, live, what happens on the wire.
      </p>
      <section className="card">
        <h2>This installation</h2>
        <Loaded state={info} rows={7} failure="Could not ask main for its details">
          {(value) => (
            <dl className="facts" data-testid="app-info">
              <dt>Version</dt>
              <dd className="mono">{value.version}</dd>
              <dt>Running as</dt>
              <dd>{runtimeLabel[value.runtime]}</dd>
              <dt>Transport</dt>
              <dd>
                {kind === 'electron-ipc'
                  ? 'Electron IPC (contextBridge)'
                  : 'WebSocket on 127.0.0.1'}
              </dd>
              <dt>Platform</dt>
              <dd className="mono">{value.platform}</dd>
              <dt>Node.js</dt>
              <dd className="mono">{value.versions.node}</dd>
              {value.versions.electron && (
                <>
                  <dt>Electron</dt>
                  <dd className="mono">
                    {value.versions.electron} (Chromium {value.versions.chrome})
                  </dd>
                </>
              )}
              <dt>Data folder</dt>
              <dd className="mono">{value.dataDir}</dd>
              <dt>Started</dt>
              <dd title={value.startedAt}>{new Date(value.startedAt).toLocaleString()}</dd>
            </dl>
          )}
        </Loaded>
      </section>
    </div>
  );
}
