import { useEffect, useSyncExternalStore } from 'react';
import type { DkimKeyInfo } from '../../../shared/dkim';
import { useApi } from '../api/api-context';

type Api = ReturnType<typeof useApi>;

export type KeysState =
  | { status: 'loading' }
  | { status: 'ready'; keys: DkimKeyInfo[] }
  | { status: 'error'; message: string };

/**
 * The stored DKIM keys as this window last heard them. Main sends no event when keys change,
 * so every component that shows them asks again when it appears (and Compose when the window
 * gets focus); what this window generates, imports or deletes is put in at once.
 */
export class DkimKeys {
  private state: KeysState = { status: 'loading' };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: Api) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get = () => this.state;

  reload = async () => {
    try {
      this.set({ status: 'ready', keys: await this.api['dkim.keys.list']({}) });
    } catch (error) {
      // A list already shown stays: one failed refresh does not blank it.
      if (this.state.status !== 'ready')
        this.set({
          status: 'error',
          message: error instanceof Error ? error.message : String(error),
        });
    }
  };

  added(key: DkimKeyInfo) {
    const keys = this.state.status === 'ready' ? this.state.keys : [];
    this.set({ status: 'ready', keys: [...keys.filter((k) => k.id !== key.id), key] });
  }

  removed(id: string) {
    if (this.state.status !== 'ready') return;
    this.set({ status: 'ready', keys: this.state.keys.filter((k) => k.id !== id) });
  }

  private set(state: KeysState) {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

const stores = new WeakMap<Api, DkimKeys>();

/** The keys store of this connection, asked again each time the calling component mounts. */
export function useDkimKeys(): { state: KeysState; store: DkimKeys } {
  const api = useApi();
  let store = stores.get(api);
  if (!store) {
    store = new DkimKeys(api);
    stores.set(api, store);
  }
  const state = useSyncExternalStore(store.subscribe, store.get);
  useEffect(() => {
    void store.reload();
  }, [store]);
  return { state, store };
}
