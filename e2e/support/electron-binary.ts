// The electron project needs the Electron binary. Global setup looks for it once (fetching it
// as the electron package would on its first require) and hands the answer to the workers.
import { fetchElectron } from '../../electron/launch/electron-binary.cjs';

const BINARY = 'MXRAY_E2E_ELECTRON_BINARY';
const WHY_NOT = 'MXRAY_E2E_NO_ELECTRON';

/** In global setup: find or fetch the binary; false (with the reason kept) where none can be had. */
export async function prepareElectron(): Promise<boolean> {
  const found = await fetchElectron();
  if ('binary' in found) process.env[BINARY] = found.binary;
  else process.env[WHY_NOT] = found.reason;
  return 'binary' in found;
}

/** In a worker: the binary global setup found, or null. */
export function electronBinary(): string | null {
  return process.env[BINARY] ?? null;
}

export function noElectron(): string {
  return `skipped: no Electron binary (${process.env[WHY_NOT] ?? 'global setup did not look'}); the electron project runs where one can be downloaded`;
}
