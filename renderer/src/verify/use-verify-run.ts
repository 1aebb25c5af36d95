import { useEffect, useState } from 'react';
import type { VerifyResult, VerifyRun } from '../../../shared/verify';
import { useApi, useConnection } from '../api/api-context';

export type RunState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; run: VerifyRun };

/** A run as main reports it: fetched once, then kept current by verify.result and verify.done. */
export function useVerifyRun(id: string | null): RunState {
  const api = useApi();
  const { client } = useConnection();
  const [state, setState] = useState<RunState>({ status: id ? 'loading' : 'idle' });
  useEffect(() => {
    if (!id) {
      setState({ status: 'idle' });
      return;
    }
    let live = true;
    setState({ status: 'loading' });
    const update = (change: (run: VerifyRun) => VerifyRun) =>
      setState((s) => (s.status === 'ready' ? { status: 'ready', run: change(s.run) } : s));
    const stopBatch = client.onBatch((batch) => {
      for (const e of batch) {
        if (e.name === 'verify.result' && e.payload.id === id)
          update((run) => withResult(run, e.payload.result));
        if (e.name === 'verify.done' && e.payload.id === id) void refresh();
      }
    });
    const refresh = () =>
      api['verify.get']({ id }).then(
        (run) =>
          live &&
          setState(
            run
              ? { status: 'ready', run }
              : { status: 'error', message: 'This run is no longer kept; start it again.' },
          ),
        (e: Error) => live && setState({ status: 'error', message: e.message }),
      );
    void refresh();
    return () => {
      live = false;
      stopBatch();
    };
  }, [id, api, client]);
  return state;
}

function withResult(run: VerifyRun, result: VerifyResult): VerifyRun {
  const at = run.results.findIndex((r) => r.address === result.address);
  const results =
    at < 0 ? [...run.results, result] : run.results.map((r, i) => (i === at ? result : r));
  return { ...run, results };
}
