import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  /** The last value that arrived: kept through an error and a retry. */
  value: T | undefined;
  loading: boolean;
  error: string | null;
  retry(): void;
  /** Change the value in place (events, deletes); a no-op before the first load. */
  update(change: (value: T) => T): void;
}

interface State<T> {
  key: string | null;
  value: T | undefined;
  loading: boolean;
  error: string | null;
}

export const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** Run a request on mount and whenever `key` changes; unlike useRequest a retry keeps the data. */
export function useLoad<T>(run: () => Promise<T>, key: string | null = null): Loaded<T> {
  const [state, setState] = useState<State<T>>({
    key,
    value: undefined,
    loading: true,
    error: null,
  });
  const [attempt, setAttempt] = useState(0);
  const runRef = useRef(run);
  runRef.current = run;
  // A new key is new data: drop the old value during render rather than show it for a frame.
  if (state.key !== key) setState({ key, value: undefined, loading: true, error: null });

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt reruns on retry
  useEffect(() => {
    let live = true;
    runRef.current().then(
      (value) => live && setState({ key, value, loading: false, error: null }),
      (error: unknown) =>
        live && setState((s) => ({ ...s, loading: false, error: messageOf(error) })),
    );
    return () => {
      live = false;
    };
  }, [key, attempt]);

  const retry = useCallback(() => {
    setState((s) => ({ ...s, loading: true, error: null }));
    setAttempt((n) => n + 1);
  }, []);
  const update = useCallback((change: (value: T) => T) => {
    setState((s) => (s.value === undefined ? s : { ...s, value: change(s.value) }));
  }, []);
  return { value: state.value, loading: state.loading, error: state.error, retry, update };
}
