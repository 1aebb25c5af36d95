import { expect, test } from './fixtures';
import { screens } from './support/screens';

test.describe('verify addresses', () => {
  test('a bulk run: verdict badges, filters, progress, and each address its transcript', async ({
    app,
  }, info) => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Verify' })
      .click();
    const form = page.getByRole('form', { name: 'Verify addresses' });
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
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Verify' })
      .click();
    const form = page.getByRole('form', { name: 'Verify addresses' });
    await form.getByLabel('Addresses').fill('someone@example.com');
    await form.getByRole('button', { name: 'Verify' }).click();
    await expect(form.getByText(/example\.com is not a sandbox domain/)).toBeVisible();
  });
});
