import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Send what Compose holds, wait until the sandbox delivered it, then open it in the Sandbox
 * inbox by its subject. Returns the inbox region.
 */
export async function sendAndOpenInInbox(page: Page, compose: Locator, subject: RegExp) {
  await compose.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(
    page.getByRole('article', { name: /^Delivery to / }).getByTestId('recipient-outcome'),
  ).toContainText('Delivered');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Sandbox' })
    .click();
  const inbox = page.getByRole('region', { name: 'Sandbox inbox' });
  const message = inbox
    .getByRole('listbox', { name: 'Messages' })
    .getByRole('option', { name: subject });
  await message.click();
  return { inbox, message };
}
