import { existsSync } from 'node:fs';

/** Debian's Chromium where it exists (this project's CI); otherwise Playwright's own build. */
export function chromiumPath(): string | undefined {
  const wanted = process.env.MXRAY_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(wanted) ? wanted : undefined;
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
