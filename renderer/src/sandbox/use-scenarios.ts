import { useCallback, useEffect } from 'react';
import type { SandboxInfo, Scenario } from '../../../shared/sandbox';
import { useApi, useConnection } from '../api/api-context';
import { type Loaded, useLoad } from './use-load';

const replaceIn = (info: SandboxInfo, scenario: Scenario): SandboxInfo => ({
  ...info,
  scenarios: info.scenarios.map((s) => (s.domain === scenario.domain ? scenario : s)),
});

/** The scenarios and their knobs, following changes made by any window. */
export function useScenarios(): Loaded<SandboxInfo> & { replace(scenario: Scenario): void } {
  const api = useApi();
  const { client } = useConnection();
  const info = useLoad(() => api['sandbox.info']({}));
  const { update } = info;
  const replace = useCallback((s: Scenario) => update((v) => replaceIn(v, s)), [update]);
  useEffect(
    () => client.on('sandbox.changed', ({ scenario }) => replace(scenario)),
    [client, replace],
  );
  return { ...info, replace };
}
