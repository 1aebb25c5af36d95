import { generateKeyPairSync } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { violations } from './support/axe';
import { sendAndOpenInInbox } from './support/sandbox-inbox';
import { screens } from './support/screens';

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

/** The compose form's default From is dev@mxray.example: keys for it align. */
const DOMAIN = 'mxray.example';

async function addKey(
  card: Locator,
  how: 'Generate a key' | 'Import a private key',
  fields: {
    selector: string;
    domain?: string;
    kind?: string;
    pem?: string;
  },
) {
  const form = card.getByRole('form', { name: 'Add a DKIM key' });
  await form.getByText(how, { exact: true }).click();
  await form.getByLabel('Domain').fill(fields.domain ?? DOMAIN);
  await form.getByLabel('Selector').fill(fields.selector);
  if (fields.kind) await form.getByText(fields.kind, { exact: true }).click();
  if (fields.pem !== undefined) await form.getByLabel('Private key (PEM)').fill(fields.pem);
  await form
    .getByRole('button', { name: how === 'Generate a key' ? 'Generate key' : 'Import key' })
    .click();
  return form;
}

/** A key's row in the list, by its published name. */
const row = (card: Locator, selector: string) =>
  card.getByRole('listitem', { name: `${selector}._domainkey.${DOMAIN}` });

test('DKIM keys: generate, publish, import, delete, and sign a sandbox send', async ({
  app,
}, info) => {
  test.setTimeout(90_000);
  const { page } = app;
  await nav(page, 'Settings');
  const card = page.getByRole('region', { name: 'DKIM signing keys' });
  await expect(card.getByText('No keys yet.', { exact: false })).toBeVisible();

  // Ed25519: its record is shown at once, each part with a Copy button.
  await addKey(card, 'Generate a key', { selector: 'e2e-ed', kind: 'Ed25519' });
  const ed = row(card, 'e2e-ed');
  await expect(ed.getByText('Stored. Publish this TXT record', { exact: false })).toBeVisible();
  await expect(ed.getByText('Ed25519', { exact: true })).toBeVisible();
  const value = ed.locator('dd code').nth(1);
  await expect(value).toHaveText(/^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/);
  await ed.getByRole('button', { name: 'Copy the record name' }).click();
  await expect(ed.getByText('Copied', { exact: true })).toBeVisible();
  expect(await app.readClipboard()).toBe(`e2e-ed._domainkey.${DOMAIN}`);
  await ed.getByRole('button', { name: 'Copy the record value' }).click();
  expect(await app.readClipboard()).toBe(await value.textContent());
  await ed.getByRole('button', { name: 'Copy the zone-file line' }).click();
  expect(await app.readClipboard()).toMatch(
    new RegExp(
      `^e2e-ed\\._domainkey\\.${DOMAIN.replace('.', '\\.')}\\. IN TXT \\( "v=DKIM1; k=ed25519; p=`,
    ),
  );

  // RSA 2048: a value longer than one TXT string; the next record opens, the first closes.
  await addKey(card, 'Generate a key', { selector: 'e2e-rsa', kind: 'RSA 2048' });
  const rsa = row(card, 'e2e-rsa');
  await expect(rsa.getByText('RSA 2048', { exact: true })).toBeVisible();
  await expect(rsa.locator('dd code').nth(1)).toHaveText(
    /^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{300,}$/,
  );
  await expect(rsa.getByText(/in 2 strings\.$/)).toBeVisible();
  await expect(ed.getByRole('button', { name: 'DNS record' })).toHaveAttribute(
    'aria-expanded',
    'false',
  );
  await rsa.getByRole('button', { name: 'Copy the zone-file line' }).click();
  expect(await app.readClipboard()).toMatch(/IN TXT \( "v=DKIM1; k=rsa; p=[^"]+" "[^"]+" \)$/);

  // A bad PEM: main's sentence under the field, and what was pasted still there.
  const badPem = '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----';
  const form = await addKey(card, 'Import a private key', { selector: 'e2e-bad', pem: badPem });
  const pem = form.getByLabel('Private key (PEM)');
  await expect(pem).toHaveAccessibleDescription(
    'The PEM private key cannot be read: its base64 or its structure is damaged.',
  );
  await expect(pem).toHaveValue(badPem);
  await expect(form.getByLabel('Selector')).toHaveValue('e2e-bad');
  await expect(row(card, 'e2e-bad')).toHaveCount(0);

  // A 1024-bit key from a file: stored, with its weakness said on its row.
  const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  });
  await form.getByLabel('Selector').fill('e2e-weak');
  await form.getByLabel('Private key file').setInputFiles({
    name: 'weak.pem',
    mimeType: 'application/x-pem-file',
    buffer: Buffer.from(weak),
  });
  await expect(pem).toHaveValue(String(weak));
  await form.getByRole('button', { name: 'Import key' }).click();
  const weakRow = row(card, 'e2e-weak');
  await expect(weakRow.getByText('RSA 1024', { exact: true })).toBeVisible();
  await expect(weakRow.getByText(/The RSA key has 1024 bits: .* it is weak/)).toBeVisible();
  await expect(pem).toHaveValue('');

  // The keys screen at the widths people use: the long RSA value wraps inside the card.
  await rsa.getByRole('button', { name: 'DNS record' }).click();
  for (const width of [1440, 800]) {
    await page.setViewportSize({ width, height: 900 });
    await card.scrollIntoViewIfNeeded();
    await rsa.scrollIntoViewIfNeeded();
    const cardBox = await card.boundingBox();
    const valueBox = await rsa.locator('dd code').nth(1).boundingBox();
    if (!cardBox || !valueBox) throw new Error('the card or the value has no box');
    expect(valueBox.x + valueBox.width).toBeLessThanOrEqual(cardBox.x + cardBox.width);
    expect(valueBox.height).toBeGreaterThan(40);
    expect(await page.evaluate('document.scrollingElement.scrollWidth <= window.innerWidth')).toBe(
      true,
    );
    await screens(page, `settings-dkim-${width}`, info);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  expect(await violations(page, 'settings, DKIM keys')).toEqual([]);

  // Delete asks first; Keep keeps it.
  await weakRow.getByRole('button', { name: `Delete e2e-weak._domainkey.${DOMAIN}` }).click();
  await weakRow.getByRole('button', { name: 'Keep' }).click();
  await expect(weakRow).toBeVisible();
  await weakRow.getByRole('button', { name: `Delete e2e-weak._domainkey.${DOMAIN}` }).click();
  expect(await violations(page, 'settings, a delete to confirm')).toEqual([]);
  await weakRow.getByRole('button', { name: 'Delete key' }).click();
  await expect(weakRow).toHaveCount(0);
  await page.reload();
  await expect(row(card, 'e2e-ed')).toBeVisible();
  await expect(row(card, 'e2e-weak')).toHaveCount(0);

  // Compose: the stored keys by name; a key for another domain is DMARC's business.
  await nav(page, 'Send');
  const compose = page.getByRole('form', { name: 'Compose' });
  const sign = compose.getByLabel('Sign with DKIM');
  await expect(sign.getByRole('option')).toHaveText([
    'None: send unsigned',
    `e2e-ed._domainkey.${DOMAIN}`,
    `e2e-rsa._domainkey.${DOMAIN}`,
  ]);
  await sign.selectOption({ label: `e2e-rsa._domainkey.${DOMAIN}` });
  await expect(compose.getByLabel('Canonicalization')).toHaveValue('relaxed/relaxed');
  await compose.getByLabel('From', { exact: true }).fill('Someone <me@elsewhere.test>');
  await expect(sign).toHaveAccessibleDescription(
    `DMARC will not align: From is elsewhere.test, the key signs for ${DOMAIN}.`,
  );
  // Past the sticky Send bar, so the canonicalization under the warning shows whole.
  await compose.getByLabel('Canonicalization').scrollIntoViewIfNeeded();
  await compose.getByLabel('Subject').hover();
  await page.mouse.wheel(0, 300);
  await screens(page, 'compose-dkim', info);
  await compose.getByLabel('From', { exact: true }).fill(`Developer <dev@news.${DOMAIN}>`);
  await expect(compose.getByText(/^DMARC will not align/)).toHaveCount(0);

  // The chosen key deleted meanwhile: the choice resets with a note, nothing fails later.
  await nav(page, 'Settings');
  await row(card, 'e2e-rsa')
    .getByRole('button', { name: /^Delete / })
    .click();
  await row(card, 'e2e-rsa').getByRole('button', { name: 'Delete key' }).click();
  await expect(row(card, 'e2e-rsa')).toHaveCount(0);
  await nav(page, 'Send');
  await expect(sign).toHaveValue('');
  await expect(
    compose.getByText(
      `The DKIM key e2e-rsa._domainkey.${DOMAIN} was deleted, so the choice went back to no signature.`,
      { exact: false },
    ),
  ).toBeVisible();

  // Signed with Ed25519 into the sandbox: the inbox shows the signature the key made.
  await sign.selectOption({ label: `e2e-ed._domainkey.${DOMAIN}` });
  await compose.getByRole('button', { name: 'ok', exact: true }).click();
  await compose.getByLabel('Subject').fill('Signed by e2e-ed');
  const { inbox } = await sendAndOpenInInbox(page, compose, /Signed by e2e-ed/);
  await inbox
    .getByRole('tablist', { name: 'Message parts' })
    .getByRole('tab', { name: 'Headers' })
    .click();
  const signature = inbox.getByRole('row', { name: /^DKIM-Signature / }).getByRole('cell');
  // mailauth writes the tags in its own order (d= … s=), each as `; tag=value;`.
  await expect(signature).toHaveText(/(^|; )d=mxray\.example;/);
  await expect(signature).toHaveText(/(^|; )s=e2e-ed;/);
  await expect(signature).toContainText('a=ed25519-sha256');
  await expect(signature).toContainText('c=relaxed/relaxed');
});
