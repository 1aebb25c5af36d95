import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { runCli } from '../electron/cli/test-support/run-cli';
import {
  startDnsServer,
  type TestDnsServer,
  type Zone,
} from '../electron/dns/test-support/dns-server';
import {
  type SpamdInstance,
  spamdInstalled,
  startSpamd,
} from '../electron/message/test-support/spamd';
import { expect, test } from './fixtures';
import { violations } from './support/axe';
import { sendAndOpenInInbox } from './support/sandbox-inbox';
import { screens } from './support/screens';

// Compose's default From is dev@mxray.example and the sandbox's MX sees its client as
// 127.0.0.1: the loopback DNS publishes SPF for that address, a DMARC policy, and (once the
// test has generated it in Settings) the DKIM key. A real Debian spamd scores every message.
const DOMAIN = 'mxray.example';
const SELECTOR = 'e2e-report';
const zones: Record<string, Zone> = {
  [DOMAIN]: [{ type: 'TXT', text: 'v=spf1 ip4:127.0.0.1 -all' }],
  [`_dmarc.${DOMAIN}`]: [{ type: 'TXT', text: 'v=DMARC1; p=reject' }],
  // Forward-confirmed reverse DNS for the sending IP, as Gmail and Yahoo require.
  '1.0.0.127.in-addr.arpa': [{ type: 'PTR', target: `mail.${DOMAIN}` }],
  [`mail.${DOMAIN}`]: [{ type: 'A', address: '127.0.0.1' }],
};
// flexbox and a <style> in head: caniemail has clients for both that do not support them.
const HTML =
  '<html><head><style>.row { display: flex; }</style></head><body><div class="row" style="display: flex"><p>Hello from the report test.</p><a href="https://shop.mxray.example/offer">Offer</a></div></body></html>';

// The signing key is made here and imported, so the test knows what must never leak.
const PEM = String(
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
);
const PEM_BODY = PEM.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

let dns: TestDnsServer;
let spamd: SpamdInstance | null = null;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dns = await startDnsServer(zones);
  if (spamdInstalled()) spamd = await startSpamd();
  else if (process.env.MXRAY_REQUIRE_SPAMD === '1')
    throw new Error('MXRAY_REQUIRE_SPAMD=1 needs spamd: apt-get install spamassassin spamd');
});

test.afterAll(async () => {
  await spamd?.stop();
  await dns?.close();
});

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

/** Elements that reach past the window's right edge: none, or the page would scroll sideways. */
const sticksOut = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .filter((e) => !e.closest('[style*="overflow"], .mr-table-wrap'))
      .slice(0, 5)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} → ${Math.round(e.getBoundingClientRect().right)}`,
      ),
  );

/** Nothing of the private key: not its PEM, not its base64 body, not a 20-character run of it. */
function expectNoKey(out: string) {
  expect(out).not.toContain('PRIVATE KEY');
  for (let i = 0; i + 20 <= PEM_BODY.length; i += 10)
    expect(out, 'a piece of the private key').not.toContain(PEM_BODY.slice(i, i + 20));
}

/** An authentication row's result, by mechanism (spf, dkim, dmarc, arc). */
const auth = (report: Locator, mechanism: string) =>
  report
    .getByRole('region', { name: 'Authentication', exact: true })
    .locator(`tr[data-mechanism="${mechanism}"]`);

async function settingsForReports(page: Page, spamdAddress: string) {
  await nav(page, 'Settings');
  await page.getByLabel('DNS servers').fill(dns.address);
  await page.getByLabel('spamd').fill(spamdAddress);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-status')).toHaveText(/^Saved /);
  // The key is imported here and its record published on the loopback DNS, as a user would.
  const card = page.getByRole('region', { name: 'DKIM signing keys' });
  const form = card.getByRole('form', { name: 'Add a DKIM key' });
  await form.getByText('Import a private key', { exact: true }).click();
  await form.getByLabel('Domain').fill(DOMAIN);
  await form.getByLabel('Selector').fill(SELECTOR);
  await form.getByLabel('Private key (PEM)').fill(PEM);
  await form.getByRole('button', { name: 'Import key' }).click();
  const row = card.getByRole('listitem', { name: `${SELECTOR}._domainkey.${DOMAIN}` });
  const value = (await row.locator('dd code').nth(1).textContent()) ?? '';
  expect(value).toMatch(/^v=DKIM1; k=ed25519; p=/);
  zones[`${SELECTOR}._domainkey.${DOMAIN}`] = [{ type: 'TXT', text: value }];
}

test('message report: a signed draft judged before sending, then in the sandbox inbox, then pasted', async ({
  app,
}, info) => {
  // Without spamd (not installed here, and not required) the spam score is "not configured";
  // everything else is judged the same.
  const spamdAt = spamd ? `${spamd.host}:${spamd.port}` : '';
  test.setTimeout(180_000);
  const { page } = app;
  await page.setViewportSize({ width: 1440, height: 900 });
  await settingsForReports(page, spamdAt);

  // Compose, signed, with HTML that some clients cannot show; Check message judges the draft.
  await nav(page, 'Send');
  const compose = page.getByRole('form', { name: 'Compose' });
  await compose.getByRole('button', { name: 'ok', exact: true }).click();
  await compose.getByLabel('Subject').fill('Report e2e');
  await compose.getByLabel('Body', { exact: true }).fill('Plain text line for the report.');
  await compose.getByLabel('Add an HTML part').check();
  await compose.getByLabel('HTML body').fill(HTML);
  await compose
    .getByLabel('Sign with DKIM')
    .selectOption({ label: `${SELECTOR}._domainkey.${DOMAIN}` });
  await compose.getByRole('button', { name: 'Check message' }).click();
  await expect(page).toHaveURL(/#\/send\/check$/);
  const draft = page.getByTestId('message-report');
  await expect(draft).toHaveAttribute('data-kind', 'draft');
  await expect(draft.getByRole('heading', { name: 'Draft report' })).toBeVisible();
  // The key is published: the draft's signature verifies before anything is sent, and DMARC
  // passes on it alone; SPF waits for the address that will send it.
  const draftDkim = auth(draft, 'dkim');
  await expect(draftDkim).toContainText(`s=${SELECTOR}`);
  await expect(draftDkim).toHaveAttribute('data-result', 'pass');
  await expect(auth(draft, 'dmarc')).toHaveAttribute('data-result', 'pass');
  await expect(auth(draft, 'spf')).toHaveAttribute('data-result', 'not-checked');
  await expect(draft.locator('[data-check="auth.dkim-signed"]')).toHaveAttribute(
    'data-status',
    'ok',
  );
  const html = draft.getByRole('region', { name: 'HTML compatibility', exact: true });
  await expect(html.locator('tr[data-feature="display:flex"][data-support="none"]')).toBeVisible();
  await expect(
    html.locator('tr[data-feature="<style> element"][data-support="none"]'),
  ).toBeVisible();
  await expect(html.locator('tr[data-feature="display:flex"][data-support="none"]')).toContainText(
    /outlook/,
  );
  const draftSpam = draft.getByTestId('spam-score');
  if (spamd) {
    await expect(draftSpam).toHaveAttribute('data-spam', 'false');
    await expect(draft.getByText(`SpamAssassin spamd at ${spamdAt}`)).toBeVisible();
  } else await expect(draftSpam).toContainText('Not configured');
  // The draft's exports: judged in the process that holds the key, they carry none of it.
  for (const button of ['Export JSON', 'Export Markdown']) {
    const out = await app.download(() => draft.getByRole('button', { name: button }).click());
    expectNoKey(out.content.toString());
  }
  await screens(page, 'message-report-draft-1440', info);
  expect(await violations(page, 'send page, a draft report')).toEqual([]);

  // Sent into the sandbox: the inbox's Report tab judges what the MX received.
  const { inbox } = await sendAndOpenInInbox(page, compose, /Report e2e/);
  const tabs = inbox.getByRole('tablist', { name: 'Message parts' });
  await tabs.getByRole('tab', { name: 'Report' }).click();
  const report = inbox.getByTestId('message-report');
  await expect(report).toHaveAttribute('data-kind', 'received');
  // SPF, DKIM, DMARC, reverse DNS and TLS all pass; the HTML is the only warning.
  await expect(report.getByTestId('message-state')).toHaveText('Passes, with warnings');
  await expect(report.getByTestId('message-summary')).toHaveText(
    'Nothing fails; 1 warning (HTML in mail clients).',
  );
  await expect(auth(report, 'spf')).toHaveAttribute('data-result', 'pass');
  await expect(auth(report, 'dkim')).toHaveAttribute('data-result', 'pass');
  await expect(auth(report, 'dkim')).toContainText('Ed25519 256 bits');
  await expect(auth(report, 'dmarc')).toHaveAttribute('data-result', 'pass');
  await expect(report.getByTestId('auth-dns')).toHaveText(`DNS asked: ${dns.address}`);
  const score = report.getByTestId('spam-score');
  if (spamd) {
    await expect(score).toHaveAttribute('data-spam', 'false');
    await expect(score).toContainText(/^-?\d+\.\d of threshold 5\.0: spamd calls it not spam$/);
    await expect(
      report.getByRole('region', { name: 'Spam score', exact: true }).locator('tr[data-rule]'),
    ).not.toHaveCount(0);
  }
  // The checklist: each sender rule with its verdict, in the domain report's card shape.
  const checks = report.getByRole('region', { name: 'Checks', exact: true });
  await expect(checks.locator('[data-check="auth.spf-or-dkim"]')).toHaveAttribute(
    'data-status',
    'ok',
  );
  await expect(checks.locator('[data-check="auth.dmarc"]')).toHaveAttribute('data-status', 'ok');
  await expect(checks.locator('[data-check="connection.tls"]')).toHaveAttribute(
    'data-status',
    'ok',
  );
  await expect(report.getByRole('region', { name: 'Links and images', exact: true })).toContainText(
    'https://shop.mxray.example/offer',
  );
  await expect(report.getByRole('region', { name: 'Links and images', exact: true })).toContainText(
    'not checked',
  );

  // Filtering by a count shows only those checks.
  const okCount = report.locator('.count-filter[data-status="ok"]');
  await okCount.click();
  await expect(checks.locator('[data-check]:not([data-status="ok"])')).toHaveCount(0);
  await okCount.click();

  for (const width of [1440, 800]) {
    await page.setViewportSize({ width, height: 900 });
    await report.scrollIntoViewIfNeeded();
    await screens(page, `message-report-inbox-${width}`, info);
    expect(await sticksOut(page)).toEqual([]);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await report.getByRole('heading', { name: 'HTML compatibility' }).scrollIntoViewIfNeeded();
  await screens(page, 'message-report-inbox-content-1440', info);
  expect(await violations(page, 'sandbox inbox, message report')).toEqual([]);

  // The exports: the same verdicts, and never the key.
  const json = await app.download(() =>
    report.getByRole('button', { name: 'Export JSON' }).click(),
  );
  expect(json.name).toBe('mxray-message-report-e2e.json');
  const exported = JSON.parse(json.content.toString());
  expect(exported.authentication.dkim.result).toBe('pass');
  expect(exported.authentication.dmarc.result).toBe('pass');
  expect(exported.spam.status).toBe(spamd ? 'scored' : 'not-configured');
  const md = await app.download(() =>
    report.getByRole('button', { name: 'Export Markdown' }).click(),
  );
  expect(md.content.toString()).toContain('DKIM: pass');
  for (const out of [json.content.toString(), md.content.toString()]) expectNoKey(out);

  // The same message pasted on the Message page: the same verdict; its body changed: body hash.
  await tabs.getByRole('tab', { name: 'Raw' }).click();
  const eml = await app.download(() =>
    inbox.getByRole('button', { name: 'Download .eml' }).click(),
  );
  // mxray inspect on the same bytes, with what the sandbox's MX saw: the same report in a
  // terminal and as JSON (TLS aside: a file does not say how it travelled).
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'mxray-report-')), 'm.eml');
  await writeFile(file, eml.content);
  const cliArgs = [
    'inspect',
    file,
    '--sandbox',
    '--dns',
    dns.address,
    ...(spamd ? ['--spamd', spamdAt] : []),
    '--ip',
    exported.envelope.ip,
    '--helo',
    exported.envelope.helo,
    '--mail-from',
    exported.envelope.mailFrom,
  ];
  const cliJson = await runCli([...cliArgs, '--json']);
  expect(cliJson.stderr).toBe('');
  const cli = JSON.parse(cliJson.stdout);
  const verdicts = (r: typeof exported) => ({
    spf: r.authentication.spf.result,
    dkim: r.authentication.dkim.signatures.map((g: { result: string; keyBits: number }) => [
      g.result,
      g.keyBits,
    ]),
    dmarc: r.authentication.dmarc.result,
    spam: [r.spam.score, r.spam.threshold, r.spam.rules?.map((x: { name: string }) => x.name)],
    html: r.html.families.map((f: { family: string; score: number }) => [f.family, f.score]),
    checks: Object.fromEntries(
      r.checks
        .filter((c: { id: string }) => c.id !== 'connection.tls')
        .map((c: { id: string; status: string }) => [c.id, c.status]),
    ),
  });
  expect(verdicts(cli)).toEqual(verdicts(exported));
  expect(cliJson.code).toBe(0);
  const terminal = await runCli(cliArgs);
  expect(terminal.code).toBe(0);
  expect(terminal.stdout).toContain('DKIM: pass');
  expect(terminal.stdout).toContain('DMARC: pass');
  if (spamd) expect(terminal.stdout).toMatch(/Spam: -?\d+(\.\d+)? of threshold 5 \(not spam\)/);
  for (const out of [cliJson.stdout, terminal.stdout, terminal.stderr]) expectNoKey(out);

  await nav(page, 'Message');
  const paste = page.getByRole('form', { name: 'Message to check' });
  await paste.getByLabel('Raw message (.eml)').fill(eml.content.toString());
  await paste.getByLabel('Connecting IP').fill('not an address');
  await paste.getByRole('button', { name: 'Check message' }).click();
  await expect(paste.getByLabel('Connecting IP')).toHaveAccessibleDescription(
    /^Give the connecting IP as an IPv4 or IPv6 address/,
  );
  // A textarea keeps lines with LF: still the message, and MXray judges it as sent with CRLF.
  await expect(paste.getByLabel('Raw message (.eml)')).toHaveValue(
    eml.content.toString().replace(/\r\n/g, '\n'),
  );
  await paste.getByLabel('Connecting IP').fill('127.0.0.1');
  await paste.getByLabel('MAIL FROM').fill(`dev@${DOMAIN}`);
  await paste.getByRole('button', { name: 'Check message' }).click();
  const pasted = page.getByTestId('message-report');
  await expect(auth(pasted, 'dkim')).toHaveAttribute('data-result', 'pass');
  await expect(auth(pasted, 'spf')).toHaveAttribute('data-result', 'pass');
  await expect(auth(pasted, 'dmarc')).toHaveAttribute('data-result', 'pass');

  const tampered = eml.content
    .toString()
    .replace('Plain text line for the report.', 'Plain text line, changed.');
  expect(tampered).not.toBe(eml.content.toString());
  await paste.getByLabel('Raw message (.eml)').fill(tampered);
  await paste.getByLabel('Connecting IP').fill('127.0.0.2');
  await paste.getByRole('button', { name: 'Check message' }).click();
  // What Gmail says too: dkim=neutral (body hash did not verify).
  await expect(auth(pasted, 'dkim')).toHaveAttribute('data-result', 'neutral');
  await expect(auth(pasted, 'dkim')).toContainText('body hash did not verify');
  await expect(auth(pasted, 'spf')).toHaveAttribute('data-result', 'fail');
  await expect(auth(pasted, 'dmarc')).toHaveAttribute('data-result', 'fail');
  await expect(pasted.getByTestId('message-state')).toHaveText(
    'Would likely be refused or filed as spam',
  );
  for (const width of [1440, 800]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await sticksOut(page)).toEqual([]);
    // Side by side when wide, the report under the form when narrow: never on top of it.
    const formBox = await paste.boundingBox();
    const reportBox = await pasted.boundingBox();
    if (!formBox || !reportBox) throw new Error('the form or the report has no box');
    const apart =
      reportBox.x >= formBox.x + formBox.width || reportBox.y >= formBox.y + formBox.height;
    expect(apart, `the report overlaps the form at ${width} px`).toBe(true);
    await screens(page, `message-report-pasted-${width}`, info);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  expect(await violations(page, 'message page, a tampered message')).toEqual([]);
  // Another envelope: the report on screen is no longer about what the form says.
  await paste.getByLabel('Connecting IP').fill('127.0.0.1');
  await expect(
    page.getByText('The message or its envelope changed since this report'),
  ).toBeVisible();

  // A narrow window, Compose as a drawer: each Check message closes it on the new report.
  await page.setViewportSize({ width: 1100, height: 900 });
  await nav(page, 'Send');
  const toggle = page.getByRole('button', { name: 'Compose', exact: true });
  for (const subject of ['Second look', 'Third look']) {
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await compose.getByLabel('Subject').fill(subject);
    await compose.getByRole('button', { name: 'Check message' }).click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(draft.locator('.mr-facts')).toContainText(subject);
  }
});
