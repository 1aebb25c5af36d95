import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { violations } from './support/axe';
import { send } from './support/compose';
import { screens } from './support/screens';

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

/** The Sandbox page's chaos form of a scenario: "Refuse as" set to the preset labelled so. */
async function refuseAs(page: Page, domain: string, label: string) {
  await nav(page, 'Sandbox');
  const card = page.getByRole('article', { name: domain });
  await card.getByRole('button', { name: 'Chaos' }).click();
  await card.getByLabel('Refuse as').selectOption({ label });
  await card.getByRole('button', { name: 'Apply' }).click();
  await expect(card.getByText('Applied: the next connection sees it.')).toBeVisible();
  return card;
}

test.describe('a refusal explained by its provider', () => {
  // Two sends, axe in both themes at two widths, and screenshots.
  test.describe.configure({ timeout: 60_000 });

  test('refused as Postfix with zen.spamhaus.org: the outcome leads with the blocklist, its delisting page and the Domain check', async ({
    app,
  }, info) => {
    const { page } = app;
    const card = await refuseAs(
      page,
      'catchall.sandbox.test',
      'Postfix: 554 5.7.1 blocked using zen.spamhaus.org',
    );
    await expect(card.getByText('refuse as Postfix · 554')).toBeVisible();
    await screens(page, 'sandbox-refuse-as', info);

    await nav(page, 'Send');
    const delivery = await send(page, 'someone@catchall.sandbox.test');
    const outcome = delivery.getByTestId('recipient-outcome');
    await expect(outcome).toContainText('Bounced');
    const explained = outcome.getByTestId('reply-explanation');
    await expect(explained).toContainText('Postfix:');
    await expect(explained).toContainText('blocklist');
    await expect(explained).toContainText('zen.spamhaus.org');
    // The raw reply stays under it; the RFC 3463 line gives way to the explanation.
    await expect(outcome).toContainText(
      '554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org',
    );
    await expect(outcome.getByText(/^5\.7\.1 — /)).toHaveCount(0);
    const docs = explained.getByRole('link', { name: 'Postfix documentation' });
    await expect(docs).toHaveAttribute(
      'href',
      'https://www.postfix.org/postconf.5.html#reject_rbl_client',
    );
    await expect(docs).toHaveAttribute('target', '_blank');
    await expect(docs).toHaveAttribute('rel', 'noreferrer noopener');
    await expect(explained.getByRole('link', { name: 'Delisting page' })).toHaveAttribute(
      'href',
      'https://check.spamhaus.org/',
    );

    expect(await violations(page, 'send, explained refusal')).toEqual([]);
    for (const width of [1440, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await explained.scrollIntoViewIfNeeded();
      await screens(page, `send-explained-${width}`, info);
    }
    expect(await violations(page, 'send, explained refusal, 800 px')).toEqual([]);

    // The check it points to: the Domain page with the domains filled in.
    await explained.getByRole('button', { name: /on the Domain page$/ }).click();
    const form = page.getByRole('form', { name: 'Check a domain' });
    await expect(form.getByLabel('Domain', { exact: true })).toHaveValue('catchall.sandbox.test');
    await expect(form.getByLabel('Sender domain')).not.toHaveValue('');
  });

  test("refused as Gmail's 5.7.26, and deferred as Yahoo's TSS04: each provider's words and page", async ({
    app,
  }) => {
    const { page } = app;
    await refuseAs(page, 'ok.sandbox.test', 'Gmail: 550 5.7.26 unauthenticated sender');
    await nav(page, 'Send');
    let delivery = await send(page, 'gmail@ok.sandbox.test');
    let explained = delivery.getByTestId('reply-explanation');
    await expect(explained).toContainText('Gmail:');
    await expect(explained).toContainText('SPF nor DKIM');
    await expect(explained.getByRole('link', { name: 'Gmail documentation' })).toHaveAttribute(
      'href',
      /^https:\/\/support\.google\.com\//,
    );

    await refuseAs(page, 'ok.sandbox.test', 'Yahoo: 421 4.7.0 [TSS04] deferral');
    await nav(page, 'Send');
    delivery = await send(page, 'yahoo@ok.sandbox.test');
    await expect(delivery.getByTestId('recipient-outcome')).toContainText('Deferred');
    explained = delivery.getByTestId('reply-explanation');
    await expect(explained).toContainText('Yahoo / AOL:');
    await expect(
      explained.getByRole('link', { name: 'Yahoo / AOL documentation' }),
    ).toHaveAttribute('href', 'https://senders.yahooinc.com/smtp-error-codes/');
  });

  test("a probe refused as Postfix with zen.spamhaus.org: Verify shows the provider's reading, and in full for the selected address", async ({
    app,
  }, info) => {
    const { page } = app;
    await refuseAs(
      page,
      'catchall.sandbox.test',
      'Postfix: 554 5.7.1 blocked using zen.spamhaus.org',
    );
    await nav(page, 'Verify');
    const form = page.getByRole('form', { name: 'Verify addresses' });
    await form.getByLabel('Addresses').fill('anyone@catchall.sandbox.test');
    await form.getByRole('button', { name: 'Verify' }).click();
    const results = page.getByRole('region', { name: 'Results' });
    const row = results.getByTestId('verify-row');
    await expect(row.getByTestId('verify-explained')).toContainText('Postfix: ');
    await row.getByRole('button', { name: 'anyone@catchall.sandbox.test' }).click();
    const explained = results.getByTestId('reply-explanation');
    await expect(explained).toContainText('zen.spamhaus.org');
    await expect(explained.getByRole('link', { name: 'Delisting page' })).toHaveAttribute(
      'href',
      'https://check.spamhaus.org/',
    );
    expect(await violations(page, 'verify, explained refusal')).toEqual([]);
    await screens(page, 'verify-explained', info);
  });
});
