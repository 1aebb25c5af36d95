import { type Browser, test as base, chromium } from '@playwright/test';
import type { AppHandle } from './support/app-handle';
import { chromiumArgs, chromiumPath } from './support/chromium';
import { electronBinary, noElectron } from './support/electron-binary';
import { launchElectron } from './support/launch-electron';
import { launchWeb } from './support/launch-web';

export type Target = 'web' | 'electron';

export const test = base.extend<{ app: AppHandle }, { target: Target; webBrowser: Browser | null }>(
  {
    target: ['web', { option: true, scope: 'worker' }],
    webBrowser: [
      async ({ target }, use) => {
        if (target !== 'web') return use(null);
        const browser = await chromium.launch({
          executablePath: chromiumPath(),
          args: chromiumArgs,
        });
        await use(browser);
        await browser.close();
      },
      { scope: 'worker' },
    ],
    app: async ({ target, webBrowser }, use, testInfo) => {
      const dataDir = testInfo.outputPath('data');
      let app: AppHandle;
      if (target === 'electron') {
        const binary = electronBinary();
        testInfo.skip(!binary, noElectron());
        app = await launchElectron(binary as string, dataDir);
      } else {
        app = await launchWeb(webBrowser as Browser, dataDir);
      }
      await use(app);
      await app.close();
    },
  },
);

export { expect } from '@playwright/test';
