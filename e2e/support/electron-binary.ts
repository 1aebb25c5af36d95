import { existsSync } from 'node:fs';

/** The Electron binary's path, or null where it was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). */
export function electronBinary(): string | null {
  try {
    // Playwright loads specs as CommonJS; the electron package exports its binary's path.
    const binary: unknown = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

export const NO_ELECTRON =
  'skipped: no Electron binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); the electron project runs where `npm install` fetched it';
