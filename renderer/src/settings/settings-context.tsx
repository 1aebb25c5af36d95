import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import type { Settings } from '../../../shared/settings';
import { useConnection } from '../api/api-context';

export type SettingsState =
  | { status: 'loading' }
  | { status: 'ready'; settings: Settings; changedAt: Date | null }
  | { status: 'error'; message: string };

const SettingsContext = createContext<SettingsState>({ status: 'loading' });

/**
 * Settings as main knows them: fetched once, then replaced by every settings.changed event,
 * whichever window or client made the change. The screen never shows a value main lacks.
 */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const { client } = useConnection();
  const [state, setState] = useState<SettingsState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    const stop = client.on('settings.changed', (settings) => {
      if (live) setState({ status: 'ready', settings, changedAt: new Date() });
    });
    client.api['settings.get']({}).then(
      (settings) =>
        live &&
        setState((s) =>
          s.status === 'ready' ? s : { status: 'ready', settings, changedAt: null },
        ),
      (error: Error) => live && setState({ status: 'error', message: error.message }),
    );
    return () => {
      live = false;
      stop();
    };
  }, [client]);

  return <SettingsContext.Provider value={state}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsState {
  return useContext(SettingsContext);
}
