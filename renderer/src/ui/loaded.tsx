import type { ReactNode } from 'react';
import type { RequestState } from '../api/use-request';
import { Alert } from './alert';
import { Skeleton } from './skeleton';

interface LoadedProps<T> {
  state: RequestState<T> & { retry(): void };
  /** Skeleton rows while loading, about as many as the answer will take. */
  rows: number;
  /** The alert's title when the request failed ("Could not load the message"). */
  failure: string;
  children(value: T): ReactNode;
}

/** A request's three states: skeleton while loading, an alert with Retry, then the answer. */
export function Loaded<T>({ state, rows, failure, children }: LoadedProps<T>) {
  if (state.status === 'loading') return <Skeleton rows={rows} />;
  if (state.status === 'error')
    return (
      <Alert tone="fail" title={failure} action={{ label: 'Retry', run: state.retry }}>
        {state.message}
      </Alert>
    );
  return <>{children(state.value)}</>;
}
