import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { screens } from './support/screens';

async function openSettings(page: Page) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Settings' })
    .click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
}

test.describe('app shell', () => {
  test('renders the shell, connected to main, and saves a screenshot', async ({
    app,
  }, testInfo) => {
    const { page } = app;
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(page.getByTestId('connection-badge')).toHaveText(/Connected/);
    await expect(page.getByTestId('mode-badge')).toHaveText('Sandbox');
    await expect(page.getByTestId('mode-banner')).toContainText('Sandbox mode');
    await expect(page.getByRole('form', { name: 'Compose' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Outbox' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`shell-${testInfo.project.name}.png`) });
    await page.screenshot({ path: `test-results/screenshots/shell-${testInfo.project.name}.png` });
  });

  test('a request round-trips to main: About shows what main reports', async ({ app }) => {
    const { page } = app;
    await page.getByRole('link', { name: 'About' }).click();
    const info = page.getByTestId('app-info');
    await expect(info).toContainText(/Version\s*0\.\d+\.\d+/);
    await expect(info).toContainText(/Data folder.*data/);
    await expect(info).toContainText(process.versions.node.split('.')[0] ?? '');
    await page.screenshot({
      path: `test-results/screenshots/about-${test.info().project.name}.png`,
    });
  });

  test('an event from main reaches the screen: a change in one window shows in another', async ({
    app,
  }) => {
    const second = await app.openSecondWindow();
    await expect(second.getByTestId('mode-badge')).toHaveText('Sandbox');
    await openSettings(second);
    await openSettings(app.page);
    await app.page.getByText('Internet', { exact: true }).click();
    await app.page.getByRole('button', { name: 'Save' }).click();
    // The second window made no request: only the settings.changed event can update it.
    await expect(second.getByTestId('mode-badge')).toHaveText('Internet');
    await expect(second.getByRole('radio', { name: /Internet/ })).toBeChecked();
  });

  test('a setting survives a restart', async ({ app }) => {
    const { page } = app;
    await openSettings(page);
    await page.getByLabel('HELO name').fill('probe.mxray.test');
    await page.getByLabel('Connect timeout (seconds)').fill('45');
    await expect(page.getByRole('heading', { name: 'Spam filter' })).toBeVisible();
    await page.getByLabel('spamd').fill(' 127.0.0.1:783 ');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('save-status')).toHaveText(/^Saved /);
    const after = await app.restart();
    await openSettings(after);
    await expect(after.getByLabel('HELO name')).toHaveValue('probe.mxray.test');
    await expect(after.getByLabel('Connect timeout (seconds)')).toHaveValue('45');
    await expect(after.getByLabel('spamd')).toHaveValue('127.0.0.1:783');
  });

  test('history limits: a number, or empty for no limit, kept across a restart', async ({
    app,
  }) => {
    const { page } = app;
    await openSettings(page);
    await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
    await page.getByLabel('Finished deliveries kept').fill('500');
    await page.getByLabel('History size (MB)').fill('');
    await page.getByLabel('Keep finished mail for (days)').fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Keep finished mail for must be at least 1 day')).toBeVisible();
    await page.getByLabel('Keep finished mail for (days)').fill('7');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('save-status')).toHaveText(/^Saved /);
    await page.getByRole('heading', { name: 'History' }).scrollIntoViewIfNeeded();
    await screens(page, 'settings-history', test.info());
    const after = await app.restart();
    await openSettings(after);
    await expect(after.getByLabel('Finished deliveries kept')).toHaveValue('500');
    await expect(after.getByLabel('History size (MB)')).toHaveValue('');
    await expect(after.getByLabel('History size (MB)')).toHaveAttribute(
      'placeholder',
      'No size limit',
    );
    await expect(after.getByLabel('Keep finished mail for (days)')).toHaveValue('7');
  });

  test('bad input is refused next to the field and nothing is saved', async ({ app }) => {
    const { page } = app;
    await openSettings(page);
    await page.getByLabel('HELO name').fill('bad name\\r\\n');
    await page.getByLabel('Connect timeout (seconds)').fill('0');
    await page.getByLabel('spamd').fill('localhost');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('HELO name must be a host name', { exact: false })).toBeVisible();
    await expect(page.getByText('Connect timeout must be at least 1 second')).toBeVisible();
    await expect(page.getByLabel('spamd')).toHaveAccessibleDescription(
      /^spamd must be host:port, like 127\.0\.0\.1:783, not "localhost"/,
    );
    await screens(page, 'settings-errors', test.info());
    const after = await app.restart();
    await openSettings(after);
    await expect(after.getByLabel('HELO name')).toHaveValue('');
    await expect(after.getByLabel('Connect timeout (seconds)')).toHaveValue('30');
    await expect(after.getByLabel('spamd')).toHaveValue('');
  });

  test('settings that contradict each other are refused next to the fields', async ({ app }) => {
    const { page } = app;
    await openSettings(page);
    await page.getByLabel('First retry after (seconds)').fill('5000');
    await page.getByLabel('Queue lifetime (hours)').fill('1');
    await page.getByLabel('Sessions at once').fill('5');
    await page.getByLabel('Sessions per domain at first').fill('40');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('save-status')).toHaveText('Not saved: 4 fields need a fix');
    await expect(page.getByLabel('First retry after (seconds)')).toHaveAccessibleDescription(
      /^First retry \(after 5,000 seconds\) would come after the queue lifetime \(1 hour, /,
    );
    await expect(
      page.getByLabel('Longest wait between retries (seconds)'),
    ).toHaveAccessibleDescription(
      'Longest wait between retries (4,000 seconds) is shorter than the first retry (5,000 seconds)',
    );
    await expect(page.getByLabel('Sessions per domain at first')).toHaveAccessibleDescription(
      'Sessions per domain at first (40) cannot be more than sessions per domain at most (10)',
    );
    await expect(page.getByLabel('Sessions per domain at most')).toHaveAccessibleDescription(
      /^Sessions per domain at most \(10\) cannot be more than sessions at once \(5\)/,
    );
    await page.getByLabel('Sessions per domain at first').scrollIntoViewIfNeeded();
    await screens(page, 'settings-conflicts', test.info());
  });
});
