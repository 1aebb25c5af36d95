import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Compose to one address and send, as a user at any width would: through the Compose drawer
 * where the window is too narrow for the column. Returns the delivery the page then shows.
 */
export async function send(
  page: Page,
  to: string,
  options: { keyboard?: boolean; probe?: boolean } = {},
): Promise<Locator> {
  const toggle = page.getByRole('button', { name: 'Compose', exact: true });
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true')
    await toggle.click();
  const compose = page.getByRole('form', { name: 'Compose' });
  await compose.getByLabel('To', { exact: true }).fill(to);
  const probe = compose.getByLabel('Probe only: stop after RCPT, send no message');
  if (options.probe !== undefined && options.probe !== (await probe.isChecked()))
    await probe.setChecked(options.probe);
  if (options.keyboard) await compose.getByLabel('Subject').press('Control+Enter');
  else
    await compose
      .getByRole('button', { name: options.probe ? 'Send probe' : 'Send', exact: true })
      .click();
  const delivery = page.getByRole('article', { name: /^Delivery to / });
  await expect(delivery.getByRole('heading', { name: to })).toBeVisible();
  return delivery;
}
