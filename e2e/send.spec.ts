import { expect, test } from './fixtures';
import { send } from './support/compose';
import { screens } from './support/screens';

test.describe('send and watch', () => {
  test('ok: delivered, with every phase in the timeline and the transcript', async ({
    app,
  }, info) => {
    const { page } = app;
    const delivery = await send(page, 'you@ok.sandbox.test', { keyboard: true });
    await expect(delivery.getByText('Delivered', { exact: true }).first()).toBeVisible();
    const timeline = delivery.getByRole('region', { name: 'Timeline' });
    for (const phase of [
      'DNS',
      'Connect',
      'Banner',
      'EHLO',
      'STARTTLS',
      'MAIL',
      'RCPT',
      'DATA',
      'Body',
      'QUIT',
    ]) {
      await expect(timeline.getByText(phase, { exact: true })).toBeVisible();
    }
    const transcript = delivery.getByRole('region', { name: 'Transcript' });
    // The list is virtual: a search brings a line into view wherever it is.
    await transcript.getByLabel('Search the transcript').fill('queued as');
    await expect(transcript.getByText(/^250 2\.0\.0 Ok: queued as /)).toBeVisible();
    await transcript.getByLabel('Search the transcript').fill('STARTTLS');
    await expect(transcript.getByText('STARTTLS', { exact: true }).first()).toBeVisible();
    await expect(transcript.getByText(/^\d+ of \d+$/)).toBeVisible();
    await transcript.getByLabel('Search the transcript').fill('');
    await delivery.getByRole('tab', { name: 'TLS' }).click();
    await expect(delivery.getByText('DEPTH_ZERO_SELF_SIGNED_CERT', { exact: false })).toBeVisible();
    await screens(page, 'send-tls', info);
    await delivery.getByRole('tab', { name: 'Transcript' }).click();
    await expect(
      page.getByRole('region', { name: 'Outbox' }).getByText('Delivered', { exact: true }),
    ).toBeVisible();
    await screens(page, 'send-delivered', info);
  });

  test('broken STARTTLS: delivered in plaintext, with the downgrade on the delivery, the path and the warning', async ({
    app,
  }, info) => {
    const { page } = app;
    const delivery = await send(page, 'you@downgrade.sandbox.test');
    await expect(delivery.getByText('Delivered', { exact: true }).first()).toBeVisible();
    await expect(delivery.getByText('TLS downgraded to plaintext')).toBeVisible();
    const path = delivery.getByRole('region', { name: 'Failover path' });
    await expect(path.getByText('no TLS', { exact: true })).toBeVisible();
    await expect(
      path.getByText(
        /^TLS downgrade at mx\.downgrade\.sandbox\.test .*crossed the network unencrypted/,
      ),
    ).toBeVisible();
    await screens(page, 'send-downgrade', info);
  });

  test('failover: the path shows MX 10 refused, MX 20 421 and MX 30 delivered', async ({
    app,
  }, info) => {
    const { page } = app;
    const delivery = await send(page, 'you@failover.sandbox.test');
    const nodes = delivery
      .getByRole('region', { name: 'Failover path' })
      .getByTestId('failover-node');
    await expect(nodes).toHaveCount(3);
    await expect(nodes.nth(0)).toContainText('MX 10');
    await expect(nodes.nth(0)).toContainText('refused');
    await expect(nodes.nth(1)).toContainText('MX 20');
    await expect(nodes.nth(1)).toContainText('421');
    await expect(nodes.nth(2)).toContainText('MX 30');
    await expect(nodes.nth(2)).toContainText('250');
    await expect(delivery.getByTestId('recipient-outcome')).toContainText('Delivered');
    // One attempt picked on the path scopes the transcript to it.
    await nodes.nth(1).getByRole('button', { name: /#2/ }).click();
    const transcript = delivery.getByRole('region', { name: 'Transcript' });
    await expect(transcript.getByText('Attempt 2')).toBeVisible();
    await expect(transcript.getByText('Attempt 3')).toHaveCount(0);
    await screens(page, 'send-failover', info);
  });

  test('slow: the transcript grows while the session runs, and a delivery opened mid-session shows all of it', async ({
    app,
  }) => {
    const { page } = app;
    const slow = await send(page, 'you@slow.sandbox.test');
    const transcript = slow.getByRole('region', { name: 'Transcript' });
    // The slow scenario waits a second before every reply: EHLO is there long before the end.
    await expect(transcript.getByText('EHLO', { exact: false }).first()).toBeVisible();
    await expect(slow.getByText('Delivered', { exact: true })).toHaveCount(0);
    // Away to another delivery and back, mid-session: the lines so far come back, then the rest.
    await send(page, 'you@ok.sandbox.test');
    const rows = page.getByRole('listbox', { name: 'Deliveries' }).getByRole('option');
    await rows.filter({ hasText: 'you@slow.sandbox.test' }).click();
    const again = page.getByRole('article', { name: /^Delivery to slow/ });
    await expect(again.getByText('Delivered', { exact: true }).first()).toBeVisible({
      timeout: 20_000,
    });
    const lines = again.getByRole('region', { name: 'Transcript' });
    // Every line once: two EHLO (before and inside TLS), one MAIL, one "queued as".
    const search = lines.getByLabel('Search the transcript');
    for (const [text, count] of [
      ['EHLO ', 2],
      ['MAIL FROM', 1],
      ['queued as', 1],
    ] as const) {
      await search.fill(text);
      await expect(lines.getByText(new RegExp(`^1 of ${count}$`))).toBeVisible();
    }
  });

  test('the panes agree: a session under way, then cancelled; a null MX that dialled nothing', async ({
    app,
  }, info) => {
    const { page } = app;
    const slow = await send(page, 'you@slow.sandbox.test');
    const row = slow.getByTestId('recipient-outcome');
    await expect(row).toContainText('Sending');
    await expect(row).toContainText('Being tried now');
    await slow.getByRole('button', { name: 'Cancel' }).click();
    await expect(slow.getByText('Cancelled', { exact: true }).first()).toBeVisible();
    await expect(row).toContainText('Cancelled; not delivered, and MXray will not try again.');
    await expect(row).not.toContainText('MXray will try again');
    await screens(page, 'send-cancelled', info);

    const nullMx = await send(page, 'you@nullmx.sandbox.test');
    const nullRow = nullMx.getByTestId('recipient-outcome');
    await expect(nullRow).toContainText('Bounced');
    await expect(nullRow).toContainText('not dialled');
    await expect(
      nullMx.getByRole('region', { name: 'Timeline' }).getByText(/^No server was dialled: /),
    ).toBeVisible();
    // Nothing dialled, yet the wire view is not empty: the lookup that decided is its line.
    await expect(
      nullMx
        .getByRole('region', { name: 'Transcript' })
        .getByText(
          /^MX nullmx\.sandbox\.test \(the sandbox: no DNS asked\) → a null MX: it accepts no mail — \d+ ms$/,
        ),
    ).toBeVisible();
    await screens(page, 'send-nullmx', info);
    // Back to the cancelled one, at the three widths people use.
    const rows = page.getByRole('listbox', { name: 'Deliveries' }).getByRole('option');
    await rows.filter({ hasText: 'you@slow.sandbox.test' }).click();
    for (const width of [1440, 1100, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await screens(page, `send-cancelled-${width}`, info);
    }
  });

  test('reject: a bounce with the plain-language reason', async ({ app }, info) => {
    const { page } = app;
    const delivery = await send(page, 'carol@reject.sandbox.test');
    const outcome = delivery.getByTestId('recipient-outcome');
    await expect(outcome).toContainText('Bounced');
    await expect(outcome).toContainText('Delivery failed for good: the mailbox does not exist.');
    await expect(outcome).toContainText('5.1.1 — the mailbox does not exist');
    await screens(page, 'send-bounced', info);
    // The outbox finds it by its reply code, and its bounced counter filters to it.
    await send(page, 'you@ok.sandbox.test');
    const outbox = page.getByRole('region', { name: 'Outbox' });
    const rows = outbox.getByRole('listbox', { name: 'Deliveries' }).getByRole('option');
    const filter = outbox.getByLabel('Filter the outbox');
    await filter.fill('550');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('carol@reject.sandbox.test');
    await filter.fill('');
    await expect(rows).toHaveCount(2);
    await outbox.getByRole('button', { name: '1 bounced: show them' }).click();
    await expect(filter).toHaveValue('bounced');
    await expect(rows).toHaveCount(1);
  });

  test('pipelining: each RCPT reply beside its command under one header; a filter drops the groups it empties', async ({
    app,
  }, info) => {
    const { page } = app;
    const delivery = await send(
      page,
      'alice@reject.sandbox.test, carol@reject.sandbox.test, bob@reject.sandbox.test',
    );
    const transcript = delivery.getByRole('region', { name: 'Transcript' });
    // Live, the view follows the newest line: QUIT's reply is the last one.
    await expect(transcript.getByText(/^221 /)).toBeVisible();
    const headers = transcript.locator('.t-phase');
    // MAIL, three RCPT and DATA went in one write: one header for the five, none per line.
    const burst = headers.filter({ hasText: 'pipelined' }).first();
    await expect(burst).toHaveText(/MAIL\s*RCPT ×3\s*DATA\s*pipelined · 5 commands · 5 replies/);
    await expect(
      transcript.locator('.t-phase:not(.t-burst)').filter({ hasText: /MAIL|RCPT|DATA/ }),
    ).toHaveCount(0);
    const pairs = transcript.locator('.t-exchange');
    const replies: { x: number; y: number }[] = [];
    for (const [who, reply] of [
      ['alice', /^250 Accepted/],
      ['carol', /^550 5\.1\.1 <carol@reject\.sandbox\.test>: no such user/],
      ['bob', /^250 Accepted/],
    ] as const) {
      const pair = pairs.filter({ hasText: `RCPT TO:<${who}@reject.sandbox.test>` });
      await expect(pair.locator('.t-reply .t-text')).toHaveText(reply);
      // Beside its command, on the same line, and after it.
      const command = await pair.locator('.t-command').boundingBox();
      const answer = await pair.locator('.t-reply').boundingBox();
      expect(answer?.y).toBe(command?.y);
      expect(answer?.x ?? 0).toBeGreaterThanOrEqual((command?.x ?? 0) + (command?.width ?? 0));
      replies.push({ x: answer?.x ?? 0, y: answer?.y ?? 0 });
    }
    // One column of replies, in the order the commands went.
    expect(new Set(replies.map((r) => r.x)).size).toBe(1);
    expect(replies.map((r) => r.y)).toEqual([...replies.map((r) => r.y)].sort((a, b) => a - b));
    for (const width of [1440, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await page.mouse.move(0, 0);
      await transcript.scrollIntoViewIfNeeded();
      await expect(pairs.first()).toBeVisible();
      await screens(page, `send-pipelined-${width}`, info);
    }
    await page.setViewportSize({ width: 1440, height: 900 });

    // Sent lines only: the banner's group (a reply alone) goes, header and all; counts shrink.
    await transcript.getByLabel('Received').uncheck();
    await expect(headers.filter({ hasText: 'Banner' })).toHaveCount(0);
    await expect(burst).toHaveText(/pipelined · 5 commands$/);
    await expect(headers.filter({ hasText: 'EHLO' }).first()).toHaveText(/1 line$/);
    await expect(transcript.locator('.t-line', { hasText: /^\d{3}[ -]/ })).toHaveCount(0);
    await transcript.getByLabel('Received').check();
    await expect(headers.filter({ hasText: 'Banner' })).toHaveCount(1);

    // Copy says so without moving the toolbar, and tells a screen reader.
    const copy = transcript.getByRole('button', { name: 'Copy', exact: true });
    const search = transcript.getByLabel('Search the transcript');
    const before = { copy: await copy.boundingBox(), search: await search.boundingBox() };
    await copy.click();
    await expect(transcript.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();
    await expect(transcript.getByRole('status')).toHaveText('Transcript copied');
    expect(await transcript.getByRole('button', { name: 'Copied' }).boundingBox()).toEqual(
      before.copy,
    );
    expect(await search.boundingBox()).toEqual(before.search);
    expect(await app.readClipboard()).toContain('-> RCPT TO:<carol@reject.sandbox.test>');
  });

  test('bad input: errors next to the fields, and nothing is sent', async ({ app }, info) => {
    const { page } = app;
    const compose = page.getByRole('form', { name: 'Compose' });
    await compose.getByLabel('From', { exact: true }).fill('not an address');
    await compose.getByLabel('To', { exact: true }).fill('');
    await compose.getByText('Envelope, HELO and headers').click();
    await compose.getByLabel('Custom headers').fill('X-Test: one\n Bcc: sneaky@example.com');
    await compose.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(compose.getByText(/^From must be an address/)).toBeVisible();
    await expect(compose.getByText('Add at least one recipient')).toBeVisible();
    await expect(
      compose.getByText('A header value cannot contain a line break', { exact: false }),
    ).toBeVisible();
    await compose.getByLabel('From', { exact: true }).fill('dev@mxray.example');
    await compose.getByLabel('Custom headers').fill('');
    await compose.getByLabel('To', { exact: true }).fill('you@example.com');
    await compose.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(compose.getByText(/The sandbox delivers only to \*\.sandbox\.test/)).toBeVisible();
    await screens(page, 'compose-errors', info);
    await expect(page.getByRole('listbox', { name: 'Deliveries' }).getByRole('option')).toHaveCount(
      0,
    );
  });

  test('history survives a restart, and the exports produce their files', async ({ app }, info) => {
    const { page } = app;
    await send(page, 'you@catchall.sandbox.test');
    await expect(
      page.getByRole('region', { name: 'Outbox' }).getByText('Delivered', { exact: true }),
    ).toBeVisible();
    const after = await app.restart();
    const row = after.getByRole('option', { name: /you@catchall\.sandbox\.test/ });
    await expect(row).toBeVisible();
    await row.click();
    const delivery = after.getByRole('article', { name: /^Delivery to / });
    const transcript = delivery.getByRole('region', { name: 'Transcript' });
    await transcript.getByLabel('Search the transcript').fill('RCPT TO');
    await expect(transcript.getByText('RCPT TO:<you@catchall.sandbox.test>')).toBeVisible();

    const text = await app.download(() =>
      delivery.getByRole('button', { name: 'Transcript (.txt)' }).click(),
    );
    expect(text.name).toMatch(/^mxray-catchall\.sandbox\.test-.*\.txt$/);
    expect(text.content.toString()).toContain('-> RCPT TO:<you@catchall.sandbox.test>');
    expect(text.content.toString()).toMatch(/<- 250 2\.0\.0 Ok: queued as /);
    const json = await app.download(() =>
      delivery.getByRole('button', { name: 'Transcript (.json)' }).click(),
    );
    const parsed = JSON.parse(json.content.toString());
    expect(parsed.delivery.recipients[0].status).toBe('delivered');
    expect(parsed.transcript.length).toBeGreaterThan(10);
    const eml = await app.download(() =>
      delivery.getByRole('button', { name: 'Message (.eml)' }).click(),
    );
    expect(eml.content.toString()).toContain('Subject: Hello from MXray');
    await delivery.getByRole('button', { name: 'Copy as swaks' }).click();
    await expect(delivery.getByText('swaks command copied')).toBeVisible();
    expect(await app.readClipboard()).toMatch(
      /^swaks --from dev@mxray\.example --to you@catchall\.sandbox\.test --server 127\.0\.0\.1 --port \d+ /,
    );
    await screens(page, 'send-history', info);
  });
});
