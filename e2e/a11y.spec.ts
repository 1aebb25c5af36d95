import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { violations } from './support/axe';
import { send } from './support/compose';

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

test('axe-core: every page and its main states have no serious or critical violations', async ({
  app,
}) => {
  // Every page and its states, twice (light and dark): minutes on a busy 2-core machine.
  test.setTimeout(240_000);
  const { page } = app;
  const found: string[] = [];
  const check = async (state: string) => found.push(...(await violations(page, state)));

  await expect(page.getByRole('form', { name: 'Compose' })).toBeVisible();
  await check('send, empty');
  const compose = page.getByRole('form', { name: 'Compose' });
  await compose.getByLabel('From', { exact: true }).fill('not an address');
  await compose.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(compose.getByText(/^From must be an address/)).toBeVisible();
  await check('send, errors next to the fields');
  await compose.getByLabel('From', { exact: true }).fill('me@example.test');

  const failover = await send(page, 'you@failover.sandbox.test');
  await expect(failover.getByTestId('recipient-outcome')).toContainText('Delivered');
  await check('send, a delivery after failover');
  await failover.getByRole('tab', { name: 'TLS' }).click();
  await check('send, the TLS tab');
  await failover.getByRole('tab', { name: 'Message' }).click();
  await check('send, the Message tab');
  await failover.getByRole('tab', { name: 'Transcript' }).click();
  const greylist = await send(page, 'you@greylist.sandbox.test');
  await expect(greylist.getByTestId('countdown')).toBeVisible({ timeout: 10_000 });
  await check('send, greylisted with its countdown');
  await greylist.getByRole('button', { name: 'Cancel' }).click();
  await send(page, 'carol@reject.sandbox.test');
  await check('send, a bounce');

  await page.setViewportSize({ width: 1100, height: 900 });
  await page.getByRole('button', { name: 'Compose', exact: true }).click();
  await check('send at 1100 px, the Compose drawer open');
  await page.keyboard.press('Escape');
  await page.setViewportSize({ width: 800, height: 900 });
  await check('send at 800 px, a delivery');
  await page.setViewportSize({ width: 1280, height: 800 });

  await nav(page, 'Verify');
  const form = page.getByRole('form', { name: 'Verify addresses' });
  await check('verify, empty');
  await form
    .getByLabel('Addresses')
    .fill('alice@reject.sandbox.test\ncarol@reject.sandbox.test\nanyone@catchall.sandbox.test\nx');
  await form.getByRole('button', { name: 'Verify' }).click();
  const results = page.getByRole('region', { name: 'Results' });
  await expect(results.getByText('4 of 4 verified', { exact: true })).toBeVisible();
  await check('verify, results');

  await nav(page, 'Domain');
  const domain = page.getByRole('form', { name: 'Check a domain' });
  await check('domain, empty');
  await domain.getByLabel('Domain', { exact: true }).fill('failover.sandbox.test');
  await domain.getByRole('button', { name: 'Check' }).click();
  await expect(
    page.getByRole('region', { name: 'Summary' }).getByTestId('report-state'),
  ).not.toHaveText('Checking…');
  await check('domain, a report');

  await nav(page, 'Message');
  await check('message, empty');
  const paste = page.getByRole('form', { name: 'Message to check' });
  await paste.getByRole('button', { name: 'Check message' }).click();
  await expect(paste.getByLabel('Raw message (.eml)')).toHaveAccessibleDescription(
    'Paste a message, or open an .eml file',
  );
  await paste.getByLabel('Raw message (.eml)').fill('%PDF-1.7 not a message');
  await paste.getByRole('button', { name: 'Check message' }).click();
  await expect(page.getByRole('alert')).toContainText('That is not a mail message');
  await check('message, refused');

  await nav(page, 'Sandbox');
  const inbox = page.getByRole('region', { name: 'Sandbox inbox' });
  await inbox.getByRole('listbox', { name: 'Messages' }).getByRole('option').first().click();
  await check('sandbox, a message in the inbox');

  await nav(page, 'Settings');
  await check('settings');
  await nav(page, 'About');
  await check('about');

  expect(found).toEqual([]);
});
