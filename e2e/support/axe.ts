import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * axe-core on what the page shows now, in the light and the dark theme: every serious or
 * critical violation, named by rule, element and theme.
 */
export async function violations(page: Page, state: string): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await new AxeBuilder({ page }).analyze();
    for (const v of result.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      for (const node of v.nodes)
        found.push(
          `${state} (${scheme}): ${v.id}: ${node.target.join(' ')}: ${node.failureSummary}`,
        );
    }
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}
