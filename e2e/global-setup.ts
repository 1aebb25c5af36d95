import type { FullConfig } from '@playwright/test';
import { electronBinary, NO_ELECTRON } from './support/electron-binary';

/** Say once, plainly, when the electron project cannot run here. */
export default function globalSetup(config: FullConfig) {
  const electronWanted = config.projects.some((p) => p.name === 'electron');
  if (electronWanted && !electronBinary()) console.log(`[electron] ${NO_ELECTRON}`);
}
