import type { Page } from '@playwright/test';
import { startDnsServer, type TestDnsServer } from '../electron/dns/test-support/dns-server';
import { expect, test } from './fixtures';
import { useLoopbackDns } from './support/loopback-dns';
import { screens } from './support/screens';

// A resolver on loopback that answers NXDOMAIN for every name, "com" too (a captive portal, a
// filtering proxy). MXray asks it alone, in Internet mode: it finds no host, so nothing is
// dialled, and nothing it says may bounce mail or condemn an address or a domain.
let broken: TestDnsServer;
test.beforeAll(async () => {
  broken = await startDnsServer({});
});
test.afterAll(() => broken?.close());

const go = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

test.describe('a resolver that answers NXDOMAIN for everything', () => {
  test('the send is deferred, Verify says unknown, the Domain report blames the resolver: each names it', async ({
    app,
  }, info) => {
    test.setTimeout(60_000);
    const { page } = app;
    await useLoopbackDns(page, broken.address);
    const named = `Your DNS resolver ${broken.address} answers NXDOMAIN for everything`;

    await go(page, 'Send');
    const compose = page.getByRole('form', { name: 'Compose' });
    await compose.getByText('Direct MX', { exact: true }).click();
    await compose.getByLabel('To', { exact: true }).fill('postmaster@gmail.com');
    await compose.getByRole('button', { name: 'Send', exact: true }).click();
    const delivery = page.getByRole('article', { name: /^Delivery to / });
    await expect(delivery.getByText('Deferred', { exact: true }).first()).toBeVisible();
    await expect(delivery.getByText(named).first()).toBeVisible();
    await expect(delivery.getByText(/Bounced/)).toHaveCount(0);
    await screens(page, 'resolver-send', info);

    await go(page, 'Verify');
    const form = page.getByRole('form', { name: 'Verify addresses' });
    await form.getByLabel('Addresses').fill('postmaster@gmail.com');
    await form.getByRole('button', { name: 'Verify' }).click();
    const row = page.getByRole('region', { name: 'Results' }).getByTestId('verify-row');
    await expect(row).toHaveAttribute('data-state', 'done');
    await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'unknown');
    await expect(row).toContainText(named);
    await screens(page, 'resolver-verify', info);

    await go(page, 'Domain');
    const domain = page.getByRole('form', { name: 'Check a domain' });
    await domain.getByLabel('Domain', { exact: true }).fill('gmail.com');
    await domain.getByRole('button', { name: 'Check' }).click();
    const summary = page.getByRole('region', { name: 'Summary' });
    await expect(summary.getByTestId('report-summary')).toHaveText(
      `gmail.com cannot be checked: the DNS resolver ${broken.address} answers NXDOMAIN for everything, the top-level domain "com." included. The fault is in the resolver, not in gmail.com.`,
      { timeout: 20_000 },
    );
    const checks = page.getByRole('region', { name: 'Checks' }).getByTestId('check');
    await expect(checks).toHaveCount(1);
    await expect(checks).toHaveAttribute('data-check', 'dns.resolver');
    await expect(checks).toContainText(named);
    await expect(page.getByText(/Publish/)).toHaveCount(0);
    await screens(page, 'resolver-domain', info);

    // Every name went to the loopback resolver, and it found none: nothing else was asked.
    expect(broken.queries).toContain('MX gmail.com');
    expect(broken.queries).toContain('NS com');
  });
});
