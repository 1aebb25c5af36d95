import { useConnection, useConnectionState } from '../api/api-context';
import { useSettings } from '../settings/settings-context';

export function ModeBadge() {
  const settings = useSettings();
  if (settings.status !== 'ready') return null;
  const sandbox = settings.settings.mode === 'sandbox';
  return (
    <span
      className={`badge ${sandbox ? 'badge-accent' : 'badge-warn'}`}
      title={
        sandbox
          ? 'Only sandbox domains; nothing leaves this machine'
          : 'Real DNS and real MX servers'
      }
      data-testid="mode-badge"
    >
      <span className="badge-dot" />
      {sandbox ? 'Sandbox' : 'Internet'}
    </span>
  );
}

export function ConnectionBadge() {
  const connection = useConnection();
  const state = useConnectionState();
  const via = connection.kind === 'electron-ipc' ? 'desktop' : 'web bridge';
  const tone = state === 'open' ? 'badge-ok' : state === 'connecting' ? 'badge-warn' : 'badge-fail';
  const text =
    state === 'open' ? 'Connected' : state === 'connecting' ? 'Connecting…' : 'Disconnected';
  return (
    <span className={`badge ${tone}`} role="status" data-testid="connection-badge">
      <span className="badge-dot" />
      {text}
      {/* How: dropped from sight in a narrow window, where the tabs need the room. */}
      {state === 'open' && <span className="top-bar-extra"> · {via}</span>}
    </span>
  );
}
