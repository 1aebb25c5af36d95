import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { sendAndOpenInInbox } from './support/sandbox-inbox';
import { screens } from './support/screens';

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

const seconds = (text: string | null) => {
  const [, m = '0', s = '0'] = /(\d+):(\d\d)/.exec(text ?? '') ?? [];
  return Number(m) * 60 + Number(s);
};

test.describe('greylisting and the sandbox', () => {
  test('greylist: the countdown runs down; with greylisting off, Retry now delivers on a second attempt', async ({
    app,
  }, info) => {
    const { page } = app;
    const compose = page.getByRole('form', { name: 'Compose' });
    await compose.getByRole('button', { name: 'greylist' }).click();
    await compose.getByRole('button', { name: 'Send', exact: true }).click();
    const delivery = page.getByRole('article', { name: /^Delivery to / });
    const countdown = delivery.getByRole('timer');
    await expect(countdown).toHaveAccessibleName(/^Retrying in 0:\d\d$/);
    const first = seconds(await countdown.getAttribute('aria-label'));
    expect(first).toBeGreaterThan(20);
    await expect
      .poll(async () => seconds(await countdown.getAttribute('aria-label')), { timeout: 4000 })
      .toBeLessThan(first);
    await expect(delivery.getByTestId('recipient-outcome')).toContainText('greylisted');
    await screens(page, 'send-greylisted', info);

    // The server's mind is changed from the Sandbox page: greylisting off.
    await nav(page, 'Sandbox');
    const card = page.getByRole('article', { name: 'greylist.sandbox.test' });
    await expect(card.getByText('greylist 30 s')).toBeVisible();
    await card.getByRole('button', { name: 'Chaos' }).click();
    await card.getByLabel('Greylist delay (seconds)').fill('0');
    await card.getByRole('button', { name: 'Apply' }).click();
    await expect(card.getByText('greylist 30 s')).toHaveCount(0);
    await screens(page, 'sandbox-chaos', info);

    await page.goBack();
    await expect(delivery.getByRole('button', { name: 'Retry now' })).toBeVisible();
    await delivery.getByRole('button', { name: 'Retry now' }).click();
    await expect(delivery.getByTestId('recipient-outcome')).toContainText('Delivered');
    const node = delivery
      .getByRole('region', { name: 'Failover path' })
      .getByTestId('failover-node');
    await expect(node.getByRole('button', { name: /#1/ })).toContainText('450');
    await expect(node.getByRole('button', { name: /#2/ })).toContainText('250');
    await expect(delivery.getByRole('region', { name: 'Timeline' }).getByText('#2')).toBeVisible();
    const transcript = delivery.getByRole('region', { name: 'Transcript' });
    await transcript.getByLabel('Search the transcript').fill('queued as');
    await expect(transcript.getByText('Attempt 2')).toBeVisible();
    await expect(transcript.getByText('Attempt 1')).toHaveCount(0);
    await transcript.getByLabel('Search the transcript').fill('');
    await screens(page, 'send-retried', info);
    // The wait before the retry is cut out of the axis and said on a line of its own, clear
    // of the address beside #2, at any width.
    const timeline = delivery.getByRole('region', { name: 'Timeline' });
    const later = timeline.getByText(/^[\d.]+ s later$/);
    const address = timeline.locator('.wf-row', { hasText: '#2' }).locator('.mono');
    for (const width of [1440, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await timeline.scrollIntoViewIfNeeded();
      const gap = await later.boundingBox();
      const label = await address.boundingBox();
      expect((gap?.y ?? 0) + (gap?.height ?? 0)).toBeLessThanOrEqual(label?.y ?? 0);
      await screens(page, `send-retried-${width}`, info);
    }
  });

  test('the inbox shows what the sandbox accepted, part by part', async ({ app }, info) => {
    const { page } = app;
    const compose = page.getByRole('form', { name: 'Compose' });
    await compose.getByRole('button', { name: 'ok', exact: true }).click();
    await compose.getByLabel('Subject').fill('Inbox check: Grüße');
    await compose.getByText('Add an HTML part').click();
    await compose
      .getByLabel('HTML body')
      .fill('<p style="color: rgb(200, 0, 0)">Hello <b>inbox</b></p>');
    await compose.getByLabel('Attachments').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('attached words'),
    });
    const { inbox } = await sendAndOpenInInbox(page, compose, /Inbox check/);
    const tabs = inbox.getByRole('tablist', { name: 'Message parts' });
    await expect(inbox.getByText('This message was sent by MXray', { exact: false })).toBeVisible();
    await tabs.getByRole('tab', { name: 'Headers' }).click();
    // The subject went as RFC 2047 encoded words: shown decoded, as received one click away.
    const subject = inbox.getByRole('row', { name: /^Subject / }).getByRole('cell');
    await expect(subject).toHaveText('Inbox check: Grüße');
    await screens(page, 'sandbox-inbox-headers', info);
    await inbox.getByText('Show as received').click();
    await expect(subject).toHaveText(/^=\?UTF-8\?[QB]\?.+\?=$/i);
    await inbox.getByText('Show as received').click();
    await expect(subject).toHaveText('Inbox check: Grüße');
    await tabs.getByRole('tab', { name: 'Attachments (1)' }).click();
    await expect(inbox.getByRole('link', { name: 'Download notes.txt' })).toBeVisible();
    await tabs.getByRole('tab', { name: 'HTML' }).click();
    const html = inbox.frameLocator('iframe[title="HTML body"]');
    await expect(html.getByText('inbox')).toBeVisible();
    // Mail's own inline styles apply (the message is a document with a policy of its own).
    await expect(html.locator('p')).toHaveCSS('color', 'rgb(200, 0, 0)');
    await screens(page, 'sandbox-inbox', info);
    await tabs.getByRole('tab', { name: 'Raw' }).click();
    const raw = await app.download(() =>
      inbox.getByRole('button', { name: 'Download .eml' }).click(),
    );
    expect(raw.content.toString()).toContain('Subject: =?UTF-8?Q?Inbox_check');
  });

  test('a reject code of another class than its enhanced code is refused next to the field', async ({
    app,
  }, info) => {
    const { page } = app;
    await nav(page, 'Sandbox');
    const card = page.getByRole('article', { name: 'catchall.sandbox.test' });
    await card.getByRole('button', { name: 'Chaos' }).click();
    await card.getByLabel('Reject code').fill('451');
    await card.getByRole('button', { name: 'Apply' }).click();
    await expect(card.getByLabel('Reject code')).toHaveAccessibleDescription(
      'Reply code 451 is a temporary (4xx) reply, but the text starts with 5.7.1, a permanent (5.x.x) status: start the text with 4.x.x or pick a 5xx code',
    );
    await screens(page, 'sandbox-chaos-class', info);
    await card.getByLabel('Reject text').fill('4.7.1 Not now');
    await card.getByRole('button', { name: 'Apply' }).click();
    await expect(card.getByText('Applied: the next connection sees it.')).toBeVisible();
  });
});
