import type { FullConfig } from '@playwright/test';
import { noElectron, prepareElectron } from './support/electron-binary';

/**
 * Say once, plainly, when the electron project cannot run here. Where it must run
 * (MXRAY_REQUIRE_ELECTRON=1, as in the GitHub workflow), a missing binary fails the run.
 */
export default async function globalSetup(config: FullConfig) {
  const electronWanted = config.projects.some((p) => p.name === 'electron');
  if (!electronWanted || (await prepareElectron())) return;
  if (process.env.MXRAY_REQUIRE_ELECTRON === '1') throw new Error(noElectron());
  console.log(`[electron] ${noElectron()}`);
}
