import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screens } from './support/screens';

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

/** Every visible checkbox in `scope` sits left of its label text, on the same line, box-sized. */
async function expectBoxesBesideLabels(scope: Locator) {
  const boxes = scope.locator('label:has(> input[type="checkbox"])');
  expect(await boxes.count()).toBeGreaterThan(0);
  for (const label of await boxes.all()) {
    if (!(await label.isVisible())) continue;
    const box = await label.locator('input').boundingBox();
    const text = await label.locator('span').first().boundingBox();
    if (!box || !text) throw new Error('a checkbox or its label has no box');
    expect(box.width, (await label.textContent()) ?? '').toBeLessThan(24);
    expect(box.x + box.width).toBeLessThanOrEqual(text.x);
    expect(Math.abs(box.y + box.height / 2 - (text.y + text.height / 2))).toBeLessThan(6);
    // The label is as wide as what it says, not stretched across the form.
    const whole = await label.boundingBox();
    expect(whole?.width ?? 0).toBeLessThan(box.width + text.width + 20);
  }
}

test.describe('compose', () => {
  test('the route follows the mode, and a relay picked by hand comes back with Internet mode', async ({
    app,
  }) => {
    const { page } = app;
    const compose = page.getByRole('form', { name: 'Compose' });
    const route = compose.getByRole('group', { name: 'Route' });
    const banner = page.getByTestId('mode-banner');
    await expect(route.getByRole('radio', { name: 'Sandbox' })).toBeChecked();
    await banner.getByRole('button', { name: 'Switch to Internet mode' }).click();
    await expect(route.getByRole('radio', { name: 'Direct MX' })).toBeChecked();
    await route.getByText('Relay', { exact: true }).click();
    await compose.getByLabel('Relay host').fill('smtp.example.com');
    await banner.getByRole('button', { name: 'Back to Sandbox mode' }).click();
    await expect(route.getByRole('radio', { name: 'Sandbox' })).toBeChecked();
    await banner.getByRole('button', { name: 'Switch to Internet mode' }).click();
    await expect(route.getByRole('radio', { name: 'Relay' })).toBeChecked();
    await expect(compose.getByLabel('Relay host')).toHaveValue('smtp.example.com');
    // A mode changed while Compose was not on screen is followed too.
    await nav(page, 'Settings');
    await page.getByText('Sandbox domains only', { exact: false }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('save-status')).toHaveText(/^Saved /);
    await nav(page, 'Send');
    await expect(route.getByRole('radio', { name: 'Sandbox' })).toBeChecked();
  });

  test('a chip per scenario, explained in its own words; a chip says what it did to To, and undoes it', async ({
    app,
  }, info) => {
    const { page } = app;
    const compose = page.getByRole('form', { name: 'Compose' });
    const chips = compose.getByRole('group', { name: 'Sandbox scenarios' }).getByRole('button');
    await expect(chips).toHaveCount(11);
    await expect(chips.filter({ hasText: 'catchall' })).toHaveAccessibleDescription(
      'Catch-all: Accepts any recipient, whether or not such a mailbox could exist.',
    );
    for (const chip of await chips.all())
      await expect(chip).toHaveAccessibleDescription(/^[A-Z][^:]+: .{20,}/);

    const to = compose.getByLabel('To', { exact: true });
    await to.fill('alice@ok.sandbox.test, bob@ok.sandbox.test');
    await compose.getByRole('button', { name: 'reject', exact: true }).click();
    await expect(to).toHaveValue('you@reject.sandbox.test');
    const note = compose.getByRole('status').filter({ hasText: 'To is now' });
    await expect(note).toContainText(
      'To is now you@reject.sandbox.test, in place of alice@ok.sandbox.test, bob@ok.sandbox.test.',
    );
    await expect(compose.getByText(/^Unknown users: Only alice@ and bob@ exist;/)).toBeVisible();
    await expect(compose.getByRole('button', { name: 'reject', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await screens(page, 'compose-chip', info);
    await note.getByRole('button', { name: 'Undo' }).click();
    await expect(to).toHaveValue('alice@ok.sandbox.test, bob@ok.sandbox.test');
    await expect(compose.getByText('To is now')).toHaveCount(0);
    // Into an empty To there is nothing to undo.
    await to.fill('');
    await compose.getByRole('button', { name: 'catchall', exact: true }).click();
    await expect(to).toHaveValue('you@catchall.sandbox.test');
    await expect(compose.getByText('To is now')).toHaveCount(0);
  });

  test('checkboxes sit beside their labels, and the AUTH password looks like the other inputs', async ({
    app,
  }, info) => {
    const { page } = app;
    const compose = page.getByRole('form', { name: 'Compose' });
    await expectBoxesBesideLabels(compose);
    await compose.getByRole('group', { name: 'Route' }).getByText('Relay', { exact: true }).click();
    const user = compose.getByLabel('AUTH user');
    const password = compose.getByLabel('AUTH password');
    for (const property of [
      'border-top-width',
      'border-top-color',
      'border-radius',
      'padding-left',
      'background-color',
      'font-size',
      'height',
    ]) {
      const of = (l: Locator) =>
        l.evaluate((e, p) => getComputedStyle(e).getPropertyValue(p), property);
      expect(await of(password), property).toBe(await of(user));
    }
    const [a, b] = [await user.boundingBox(), await password.boundingBox()];
    expect(b?.width).toBeCloseTo(a?.width ?? 0, 0);
    await compose.getByText('Add an HTML part').click();
    await compose.getByText('Probe only', { exact: false }).scrollIntoViewIfNeeded();
    await screens(page, 'compose-relay', info);

    await nav(page, 'Sandbox');
    const card = page.getByRole('article', { name: 'ok.sandbox.test' });
    await card.getByRole('button', { name: 'Chaos' }).click();
    await expectBoxesBesideLabels(card);
  });

  test('after a send the whole draft stays, HTML part and attachments too, from page to page', async ({
    app,
  }) => {
    const { page } = app;
    const compose = page.getByRole('form', { name: 'Compose' });
    await compose.getByText('Add an HTML part').click();
    await compose.getByLabel('HTML body').fill('<p>variation one</p>');
    await compose.getByLabel('Attachments').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('attached words'),
    });
    await compose.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByRole('article', { name: /^Delivery to / })).toBeVisible();
    await expect(compose.getByRole('status').filter({ hasText: 'Sent.' })).toBeVisible();
    for (const visit of [null, 'Sandbox']) {
      if (visit) {
        await nav(page, visit);
        await nav(page, 'Send');
      }
      await expect(compose.getByLabel('HTML body')).toHaveValue('<p>variation one</p>');
      await expect(compose.getByText('notes.txt')).toBeVisible();
    }
    await compose.getByRole('button', { name: 'Reset' }).click();
    await expect(compose.getByLabel('HTML body')).toHaveCount(0);
    await expect(compose.getByText('notes.txt')).toHaveCount(0);
  });
});
