import { defineConfig } from '@playwright/test';
import type { Target } from './e2e/fixtures';

// One set of specs, two targets: the renderer in Chromium through the web bridge, and the
// Electron app itself (skipped, with a clear line, where no Electron binary exists).
export default defineConfig<object, { target: Target }>({
  testDir: 'e2e',
  outputDir: 'test-results',
  globalSetup: './e2e/global-setup.ts',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
  projects: [
    { name: 'web', use: { target: 'web' } },
    { name: 'electron', use: { target: 'electron' } },
  ],
});
