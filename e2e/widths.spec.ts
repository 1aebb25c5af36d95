import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screens } from './support/screens';

// Issue 18, point 6: every page at the widths people use. Boxes, not pixels: what must be on
// screen is inside the viewport, what belongs to a pane stays inside it, nothing overlaps.
const WIDTHS = [1440, 1100, 800] as const;
const HEIGHT = 900;
const MIN_BAR = 200;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`no box for ${locator}`);
  return found;
}

function expectInside(inner: Box, outer: Box, what: string) {
  expect(inner.x, `${what}: left edge`).toBeGreaterThanOrEqual(outer.x - 0.5);
  expect(inner.x + inner.width, `${what}: right edge`).toBeLessThanOrEqual(
    outer.x + outer.width + 0.5,
  );
  expect(inner.y, `${what}: top edge`).toBeGreaterThanOrEqual(outer.y - 0.5);
  expect(inner.y + inner.height, `${what}: bottom edge`).toBeLessThanOrEqual(
    outer.y + outer.height + 0.5,
  );
}

/** What the page's scroll box has (the e2e project has no DOM types). */
interface Scroller {
  scrollWidth: number;
  clientWidth: number;
  scrollLeft: number;
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5;

const viewport = (width: number): Box => ({ x: 0, y: 0, width, height: HEIGHT });

/** The document never scrolls sideways: whatever is wider scrolls inside its own box. */
async function expectNoSidewaysScroll(page: Page, width: number) {
  const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  expect(scrollWidth, `the page is wider than ${width} px`).toBeLessThanOrEqual(width);
  expectInside(await box(page.getByTestId('connection-badge')), viewport(width), 'top bar');
}

/** Every bar of the timeline keeps a usable width, and no label lies on a bar or another label. */
async function expectReadableTimeline(delivery: Locator) {
  const timeline = delivery.getByRole('region', { name: 'Timeline' });
  const rows = timeline.locator('.wf-row');
  expect(await rows.count()).toBeGreaterThan(0);
  for (const row of await rows.all()) {
    const track = await box(row.locator('.wf-track'));
    expect(track.width, 'timeline bar width').toBeGreaterThanOrEqual(MIN_BAR);
    const label = await box(row.locator('.wf-label'));
    const total = await box(row.locator('.wf-total'));
    expect(overlap(label, track), 'label on the bar').toBe(false);
    expect(overlap(total, track), 'total on the bar').toBe(false);
    expect(overlap(label, total), 'label on the total').toBe(false);
  }
  const keys = await timeline.locator('.wf-key').all();
  const boxes = await Promise.all(keys.map(box));
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1)) expect(overlap(a, b), 'legend keys collide').toBe(false);
}

/** The recipient's sentence lies inside the detail pane, and under no other column. */
async function expectReasonInPane(page: Page, delivery: Locator, sentence: RegExp) {
  const reason = delivery.getByTestId('recipient-outcome').getByText(sentence);
  await reason.scrollIntoViewIfNeeded();
  const inner = await box(reason);
  expectInside(inner, await box(page.locator('.send-detail')), 'the recipient reason');
  for (const other of [page.getByRole('region', { name: 'Outbox' }), page.locator('.send-compose')])
    if (await other.isVisible())
      expect(overlap(inner, await box(other)), 'the reason under another column').toBe(false);
}

test.describe('every width', () => {
  test('send: three columns, then Compose as a drawer, then the list and a delivery in turn', async ({
    app,
  }, info) => {
    const { page } = app;
    const compose = page.getByRole('form', { name: 'Compose' });
    const outbox = page.getByRole('region', { name: 'Outbox' });
    const detail = page.locator('.send-detail');
    const toggle = page.getByRole('button', { name: 'Compose', exact: true });
    const delivery = page.getByRole('article', { name: /^Delivery to / });

    // 1440: three columns side by side.
    await page.setViewportSize({ width: 1440, height: HEIGHT });
    await expect(toggle).toHaveCount(0);
    await compose.getByLabel('To', { exact: true }).fill('you@failover.sandbox.test');
    await compose.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(delivery.getByTestId('failover-node')).toHaveCount(3);
    await expect(delivery.getByTestId('recipient-outcome')).toContainText('Delivered');
    const list = await box(outbox);
    const pane = await box(detail);
    const side = await box(compose);
    expect(list.x + list.width).toBeLessThanOrEqual(pane.x + 0.5);
    expect(pane.x + pane.width).toBeLessThanOrEqual(side.x + 0.5);
    await expectReasonInPane(page, delivery, /^The server took the message/);
    await expectReadableTimeline(delivery);
    await expectNoSidewaysScroll(page, 1440);
    await screens(page, 'send-1440', info);

    // 1100: two columns; Compose waits behind its toggle.
    await page.setViewportSize({ width: 1100, height: HEIGHT });
    await expect(compose).toBeHidden();
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(toggle).toHaveAttribute('aria-controls', 'send-compose');
    await expectReasonInPane(page, delivery, /^The server took the message/);
    await expectReadableTimeline(delivery);
    await expectNoSidewaysScroll(page, 1100);
    await screens(page, 'send-1100', info);
    // Opened, focus moves into it; Escape closes it and gives focus back to the toggle.
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(compose).toBeVisible();
    expect(await page.evaluate(`!!document.activeElement.closest('#send-compose')`)).toBe(true);
    expectInside(await box(page.locator('#send-compose')), viewport(1100), 'the drawer');
    await page.keyboard.press('Escape');
    await expect(compose).toBeHidden();
    await expect(toggle).toBeFocused();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    // A click beside the drawer closes it too.
    await toggle.click();
    await expect(compose).toBeVisible();
    await page.mouse.click(200, 500);
    await expect(compose).toBeHidden();
    // From the keyboard: open, write, send; the drawer closes on the new delivery.
    await toggle.focus();
    await page.keyboard.press('Enter');
    await compose.getByLabel('To', { exact: true }).fill('you@ok.sandbox.test');
    await screens(page, 'send-compose-1100', info);
    await compose.getByLabel('Subject').press('Control+Enter');
    await expect(delivery.getByRole('heading', { name: 'you@ok.sandbox.test' })).toBeVisible();
    await expect(compose).toBeHidden();
    await expect(detail).toBeFocused();
    await expect(delivery.getByTestId('recipient-outcome')).toContainText('Delivered');
    await expectReasonInPane(page, delivery, /^The server took the message/);
    await expectReadableTimeline(delivery);

    // The narrowest two-column window leaves the delivery its least room: still no sliver.
    await page.setViewportSize({ width: 820, height: HEIGHT });
    await expect(outbox).toBeVisible();
    await expectReasonInPane(page, delivery, /^The server took the message/);
    await expectReadableTimeline(delivery);
    await expectNoSidewaysScroll(page, 820);

    // 800: one column. The delivery has the whole width, and Back returns to the list.
    await page.setViewportSize({ width: 800, height: HEIGHT });
    await expect(outbox).toBeHidden();
    const back = page.getByRole('button', { name: 'Outbox' });
    await expect(back).toBeVisible();
    expect((await box(detail)).width).toBeGreaterThanOrEqual(800 - 1);
    await expectReasonInPane(page, delivery, /^The server took the message/);
    await expectReadableTimeline(delivery);
    await expectNoSidewaysScroll(page, 800);
    await back.click();
    await expect(outbox).toBeVisible();
    await expect(detail).toBeHidden();
    await expect(outbox.getByRole('listbox', { name: 'Deliveries' })).toBeFocused();
    expect((await box(outbox)).width).toBeGreaterThanOrEqual(800 - 1);
    await outbox.getByRole('option').filter({ hasText: 'you@failover.sandbox.test' }).click();
    await expect(outbox).toBeHidden();
    await expect(delivery.getByTestId('failover-node')).toHaveCount(3);
    await expect(back).toBeFocused();
    await expectReasonInPane(page, delivery, /^The server took the message/);
    await expectReadableTimeline(delivery);
    await screens(page, 'send-800', info);
    // Compose from one column: the drawer takes the width it has, and a send shows the delivery.
    await toggle.click();
    expectInside(await box(page.locator('#send-compose')), viewport(800), 'the drawer');
    await compose.getByLabel('To', { exact: true }).fill('carol@reject.sandbox.test');
    await compose.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(compose).toBeHidden();
    await expect(delivery.getByTestId('recipient-outcome')).toContainText('Bounced');
    await expectReasonInPane(
      page,
      delivery,
      /^Delivery failed for good: the mailbox does not exist/,
    );
  });

  test('the domain report: the MX matrix scrolls in its own box, the exports stay on screen', async ({
    app,
  }, info) => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Domain' })
      .click();
    const form = page.getByRole('form', { name: 'Check a domain' });
    await form.getByLabel('Domain', { exact: true }).fill('failover.sandbox.test');
    await form.getByRole('button', { name: 'Check' }).click();
    const summary = page.getByRole('region', { name: 'Summary' });
    await expect(summary.getByTestId('report-state')).not.toHaveText('Checking…');
    const matrix = page.getByRole('region', { name: 'MX health' });
    await expect(matrix.getByTestId('mx-row')).toHaveCount(3);
    const scroller = matrix.locator('.mx-table-wrap');
    const exportJson = summary.getByRole('button', { name: 'Export JSON' });
    const exports = [exportJson, summary.getByRole('button', { name: 'Export Markdown' })];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      await expectNoSidewaysScroll(page, width);
      for (const button of exports)
        expectInside(await box(button), viewport(width), `${width} px: an export button`);
      expectInside(await box(scroller), await box(page.locator('.domain-main')), 'the matrix');
      await screens(page, `domain-report-${width}`, info);
    }
    // At 800 the matrix is wider than its box: it scrolls there, and the page does not.
    const sizes = await scroller.evaluate((el: Scroller) => [el.scrollWidth, el.clientWidth]);
    expect(sizes[0]).toBeGreaterThan(sizes[1] ?? Number.POSITIVE_INFINITY);
    const left = await scroller.evaluate((el: Scroller) => {
      el.scrollLeft = el.scrollWidth;
      return el.scrollLeft;
    });
    expect(left).toBeGreaterThan(0);
    for (const button of exports) {
      await expect(button).toBeVisible();
      expectInside(await box(button), viewport(800), 'an export button, matrix scrolled');
    }
    await expectNoSidewaysScroll(page, 800);
    const json = await app.download(() => exportJson.click());
    expect(json.name).toBe('mxray-check-failover.sandbox.test.json');
  });

  test('verify, message, sandbox, settings and about: nothing past the window, nothing clipped', async ({
    app,
  }, info) => {
    const { page } = app;
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Verify' }).click();
    const form = page.getByRole('form', { name: 'Verify addresses' });
    await form
      .getByLabel('Addresses')
      .fill('alice@reject.sandbox.test\nanyone@catchall.sandbox.test\nyou@full.sandbox.test');
    await form.getByRole('button', { name: 'Verify' }).click();
    const results = page.getByRole('region', { name: 'Results' });
    await expect(results.getByText('3 of 3 verified', { exact: true })).toBeVisible();
    const rows = results.getByTestId('verify-row');
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      await expectNoSidewaysScroll(page, width);
      const pane = await box(page.locator('.verify-main'));
      // Every result, its reason included, reads without scrolling sideways.
      for (const row of await rows.all()) expectInside(await box(row), pane, `${width} px: a row`);
      const why = rows.nth(2).getByText(/^the mailbox exists but is full/);
      expectInside(await box(why), pane, `${width} px: the reason`);
      const side = await box(page.locator('.verify-side'));
      expectInside(await box(form.getByRole('button', { name: 'Verify' })), side, 'Verify');
      expectInside(await box(form.getByLabel('Addresses')), side, 'the addresses');
      await screens(page, `verify-${width}`, info);
    }

    for (const name of ['Message', 'Sandbox', 'Settings', 'About']) {
      await page.setViewportSize({ width: 1440, height: HEIGHT });
      await nav.getByRole('link', { name }).click();
      await expect(nav.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: HEIGHT });
        await expectNoSidewaysScroll(page, width);
        const main = await box(page.getByRole('main'));
        expectInside(main, viewport(width), `${name} at ${width} px`);
        await page.screenshot({
          path: `test-results/screenshots/${name.toLowerCase()}-${width}-${info.project.name}.png`,
        });
      }
    }
    const sandbox = viewport(800);
    await page.setViewportSize({ width: 800, height: HEIGHT });
    await nav.getByRole('link', { name: 'Sandbox' }).click();
    expectInside(await box(page.getByRole('button', { name: 'Clear inbox' })), sandbox, 'Clear');
    await nav.getByRole('link', { name: 'Settings' }).click();
    expectInside(await box(page.getByRole('button', { name: 'Save' })), sandbox, 'Save');
  });
});
