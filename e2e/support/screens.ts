import type { Page, TestInfo } from '@playwright/test';

/** Save what the user sees, in the light and the dark theme: test-results/screenshots/. */
export async function screens(page: Page, name: string, info: TestInfo, fullPage = false) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({
      path: `test-results/screenshots/${name}-${info.project.name}-${scheme}.png`,
      fullPage,
    });
  }
  await page.emulateMedia({ colorScheme: null });
}
