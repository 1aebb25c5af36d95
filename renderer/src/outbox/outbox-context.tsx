import { createContext, type ReactNode, useContext, useState, useSyncExternalStore } from 'react';
import { useConnection } from '../api/api-context';
import { OutboxStore } from './outbox-store';

const OutboxContext = createContext<OutboxStore | null>(null);

export function OutboxProvider({ children }: { children: ReactNode }) {
  const { client } = useConnection();
  const [store] = useState(() => new OutboxStore(client));
  return <OutboxContext.Provider value={store}>{children}</OutboxContext.Provider>;
}

/** The store without subscribing: for components that only act on it (compose adds to it). */
export function useOutboxStore(): OutboxStore {
  const store = useContext(OutboxContext);
  if (!store) throw new Error('useOutboxStore outside OutboxProvider');
  return store;
}

/** The outbox store; the calling component re-renders on every change it reports. */
export function useOutbox(): OutboxStore {
  const store = useContext(OutboxContext);
  if (!store) throw new Error('useOutbox outside OutboxProvider');
  useSyncExternalStore(store.subscribe, store.getVersion);
  return store;
}
