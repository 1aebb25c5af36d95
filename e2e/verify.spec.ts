import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screens } from './support/screens';

async function openVerify(page: Page) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Verify' })
    .click();
  return page.getByRole('form', { name: 'Verify addresses' });
}

async function verify(page: Page, addresses: string[]) {
  const form = await openVerify(page);
  await form.getByLabel('Addresses').fill(addresses.join('\n'));
  await form.getByRole('button', { name: 'Verify' }).click();
}

test.describe('verify addresses', () => {
  test('a bulk run: verdict badges, filters, progress, and each address its transcript', async ({
    app,
  }, info) => {
    const { page } = app;
    const form = await openVerify(page);
    await form
      .getByLabel('Addresses')
      .fill(
        'alice@reject.sandbox.test\ncarol@reject.sandbox.test\nanyone@catchall.sandbox.test\nyou@full.sandbox.test\nnot-an-address',
      );
    await form.getByRole('button', { name: 'Verify' }).click();
    const results = page.getByRole('region', { name: 'Results' });
    await expect(results.getByText('5 of 5 verified', { exact: true })).toBeVisible();
    const rows = results.getByTestId('verify-row');
    await expect(rows).toHaveCount(5);
    await expect(rows.nth(0)).toContainText('deliverable');
    await expect(rows.nth(1)).toContainText('undeliverable');
    await expect(rows.nth(1)).toContainText('the mailbox does not exist');
    await expect(rows.nth(2)).toContainText('risky');
    await expect(rows.nth(2)).toContainText('catch-all');
    await expect(rows.nth(3)).toContainText('mailbox exists but is full');
    await expect(rows.nth(4)).toContainText('not a valid address');
    await expect(results.getByRole('progressbar', { name: 'Progress' })).toHaveAttribute(
      'aria-valuenow',
      '5',
    );

    await results.getByRole('button', { name: /undeliverable/ }).click();
    await expect(rows).toHaveCount(2);
    await results.getByRole('button', { name: /undeliverable/ }).click();
    await expect(rows).toHaveCount(5);

    await rows.nth(1).getByRole('button', { name: 'carol@reject.sandbox.test' }).click();
    const transcript = results.getByRole('region', { name: 'Transcript' });
    await transcript.getByLabel('Search the transcript').fill('RCPT TO');
    await expect(transcript.getByText('RCPT TO:<carol@reject.sandbox.test>')).toBeVisible();
    await transcript.getByLabel('Search the transcript').fill('');
    await screens(page, 'verify', info);

    const csv = await app.download(() =>
      results.getByRole('button', { name: 'Export CSV' }).click(),
    );
    expect(csv.content.toString().split('\n')[0]).toBe('address,verdict,reason,catch_all,reply,mx');
    expect(csv.content.toString()).toContain('carol@reject.sandbox.test,undeliverable,');
  });

  test('a real domain is refused in Sandbox mode, next to the button', async ({ app }) => {
    const { page } = app;
    await verify(page, ['someone@example.com']);
    const form = page.getByRole('form', { name: 'Verify addresses' });
    await expect(form.getByText(/example\.com is not a sandbox domain/)).toBeVisible();
  });

  test('rows keep the order given while a slow domain answers, and fill the page', async ({
    app,
  }, info) => {
    const { page } = app;
    const others = Array.from({ length: 14 }, (_, i) => `user${i}@reject.sandbox.test`);
    await verify(page, ['you@slow.sandbox.test', 'alice@reject.sandbox.test', ...others]);
    const results = page.getByRole('region', { name: 'Results' });
    const rows = results.getByTestId('verify-row');
    // The fast domain is in while the slow one still talks: its row waits in first place.
    await expect(rows.nth(1)).toContainText('deliverable');
    await expect(rows.nth(0)).toHaveAttribute('data-state', 'pending');
    await expect(rows.nth(0)).toContainText('you@slow.sandbox.test');
    await expect(rows.nth(0)).toContainText('checking');
    await expect(results.getByText('16 of 16 verified', { exact: true })).toBeVisible({
      timeout: 20_000,
    });
    await expect(rows.nth(0)).toHaveAttribute('data-state', 'done');
    expect(await rows.locator('td:first-child').allTextContents()).toEqual([
      'you@slow.sandbox.test',
      'alice@reject.sandbox.test',
      ...others,
    ]);
    // No small box: the table reaches down the page (800 px high here).
    const table = await results.locator('.verify-table-wrap').boundingBox();
    expect(table?.height).toBeGreaterThan(560);
    await screens(page, 'verify-order', info);
  });

  test('an invalid or refused address gets its own row; the others are verified', async ({
    app,
  }, info) => {
    const { page } = app;
    await verify(page, [
      'alice@reject.sandbox.test',
      'someone@example.com',
      'not-an-address',
      'carol@reject.sandbox.test',
    ]);
    const results = page.getByRole('region', { name: 'Results' });
    await expect(results.getByText('4 of 4 verified', { exact: true })).toBeVisible();
    const rows = results.getByTestId('verify-row');
    await expect(rows.nth(0)).toContainText('deliverable');
    await expect(rows.nth(1).locator('[data-not-probed="refused"]')).toHaveText(
      /^not verified: example\.com is not a sandbox domain/,
    );
    await expect(rows.nth(2).locator('[data-not-probed="invalid"]')).toHaveText(
      /^not a valid address: /,
    );
    await expect(rows.nth(3)).toContainText('undeliverable');
    await expect(page.getByText('Not started')).toHaveCount(0);
    await screens(page, 'verify-row-errors', info);
  });

  test('a refused run, or a visit to another page, leaves the earlier results on screen', async ({
    app,
  }) => {
    const { page } = app;
    await verify(page, ['alice@reject.sandbox.test', 'carol@reject.sandbox.test']);
    const results = page.getByRole('region', { name: 'Results' });
    await expect(results.getByText('2 of 2 verified', { exact: true })).toBeVisible();
    await verify(page, ['someone@example.com']);
    const form = page.getByRole('form', { name: 'Verify addresses' });
    await expect(form.getByText(/example\.com is not a sandbox domain/)).toBeVisible();
    await form.getByLabel('Addresses').fill('bob@reject.sandbox.test');
    await form.getByLabel('Probe sender (MAIL FROM)').fill('not an address');
    await form.getByRole('button', { name: 'Verify' }).click();
    await expect(form.getByText(/The probe sender must be an address/)).toBeVisible();
    const rows = results.getByTestId('verify-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('deliverable');
    await expect(rows.nth(1)).toContainText('undeliverable');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Send' })
      .click();
    await openVerify(page);
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('alice@reject.sandbox.test');
  });
});
