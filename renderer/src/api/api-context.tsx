import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import type { ConnectionState } from '../../../shared/ws-client-transport';
import type { Connection } from './connect';

const ConnectionContext = createContext<Connection | null>(null);

export function ConnectionProvider({
  connection,
  children,
}: {
  connection: Connection;
  children: ReactNode;
}) {
  return <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>;
}

export function useConnection(): Connection {
  const connection = useContext(ConnectionContext);
  if (!connection) throw new Error('useConnection outside ConnectionProvider');
  return connection;
}

export function useApi() {
  return useConnection().client.api;
}

export function useConnectionState(): ConnectionState {
  const connection = useConnection();
  const [state, setState] = useState(connection.state());
  useEffect(() => {
    const stop = connection.onStateChange(setState);
    setState(connection.state()); // the socket may have opened before we subscribed
    return stop;
  }, [connection]);
  return state;
}
