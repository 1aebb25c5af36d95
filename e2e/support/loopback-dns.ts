import { expect, type Page } from '@playwright/test';

/**
 * Internet mode with MXray's DNS pointed at a resolver on loopback, in one save: every name the
 * app looks up goes to that server, so what it dials is whatever that server says, never a
 * real host.
 */
export async function useLoopbackDns(page: Page, address: string) {
  if (!address.startsWith('127.')) throw new Error(`${address} is not on loopback`);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Settings' })
    .click();
  await page.getByText('Internet', { exact: true }).click();
  await page.getByLabel('DNS servers').fill(address);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-status')).toHaveText(/^Saved /);
  await expect(page.getByTestId('mode-badge')).toHaveText('Internet');
}
