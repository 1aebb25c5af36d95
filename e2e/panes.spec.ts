import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { send } from './support/compose';
import { disagreements, type PaneSnapshot, recordPanes, takePanes } from './support/panes';

const header = (delivery: Locator) => delivery.locator('.delivery-head > .badge').first();

/**
 * Each scenario: what it ends as (the header's word), whether the test cancels it there, and
 * what the attempt's reason must name.
 */
const scenarios: { to: string; ends: string; cancel?: boolean; reason?: RegExp }[] = [
  { to: 'you@ok.sandbox.test', ends: 'Delivered' },
  { to: 'you@greylist.sandbox.test', ends: 'Deferred', cancel: true, reason: /\bRCPT\b/ },
  { to: 'you@failover.sandbox.test', ends: 'Delivered' },
  { to: 'you@downgrade.sandbox.test', ends: 'Delivered' },
  { to: 'you@slow.sandbox.test', ends: 'Delivered' },
  { to: 'carol@reject.sandbox.test', ends: 'Bounced', reason: /\bRCPT\b/ },
  { to: 'anyone@catchall.sandbox.test', ends: 'Delivered' },
  { to: 'you@full.sandbox.test', ends: 'Deferred', cancel: true, reason: /\bRCPT\b/ },
  { to: 'you@drop.sandbox.test', ends: 'Deferred', cancel: true, reason: /final dot/ },
  { to: 'you@nullmx.sandbox.test', ends: 'Bounced' },
];

for (const width of [1440, 900]) {
  test(`at ${width} px, every sandbox scenario: the row, the header, the MX card and the recipient agree at every change`, async ({
    app,
  }) => {
    test.setTimeout(120_000);
    const { page } = app;
    await page.setViewportSize({ width, height: 900 });
    await recordPanes(page);
    const seen: Record<string, PaneSnapshot[]> = {};
    for (const scenario of scenarios) {
      const delivery = await send(page, scenario.to);
      await expect(header(delivery)).toHaveAttribute('data-status', scenario.ends, {
        timeout: 20_000,
      });
      if (scenario.cancel) {
        await delivery.getByRole('button', { name: 'Cancel' }).click();
        await expect(header(delivery)).toHaveAttribute('data-status', 'Cancelled');
      }
      const states = (await takePanes(page)).filter((s) => s.head?.rcpts === scenario.to);
      seen[scenario.to] = states;
      const problems = states.flatMap((s) =>
        disagreements(s).map((p) => `${p}\n  in ${JSON.stringify(s)}`),
      );
      expect(problems, scenario.to).toEqual([]);
      const last = states.at(-1);
      if (scenario.reason) expect(last?.reasons.join(' | '), scenario.to).toMatch(scenario.reason);
    }
    // The harness saw the sessions under way, not only their ends.
    const slow = seen['you@slow.sandbox.test'] ?? [];
    expect(slow.some((s) => s.live?.phase === 'data' || s.live?.phase === 'body')).toBe(true);
    expect(slow.some((s) => s.recipients[0]?.sentence.startsWith('Being tried now: '))).toBe(true);
    expect(seen['you@failover.sandbox.test']?.some((s) => s.live && s.attempts > 0)).toBe(true);
    // Drop: no reply to the final dot, and the row does not give RCPT's 250 as the result.
    const drop = seen['you@drop.sandbox.test']?.find((s) => s.head?.status === 'Deferred');
    expect(drop?.recipients[0]?.reply).toMatch(/after the final dot, before any reply/);
    expect(drop?.recipients[0]?.reply).not.toMatch(/^250/);
    // Null MX: nothing dialled, said the same way everywhere.
    const nullMx = seen['you@nullmx.sandbox.test']?.at(-1);
    expect(nullMx).toMatchObject({ attempts: 0, recipients: [{ tries: 'not dialled' }] });
    expect(nullMx?.timelineIdle).toMatch(/^No server was dialled: /);
  });
}

test('a probe is counted as probed, never as delivered', async ({ app }) => {
  const { page } = app;
  const delivery = await send(page, 'you@ok.sandbox.test', { probe: true });
  await expect(header(delivery)).toHaveAttribute('data-status', 'Probed');
  const stats = page.getByRole('region', { name: 'Outbox' }).getByLabel('Outbox statistics');
  await expect(stats.getByRole('button', { name: '1 probed: show them' })).toBeVisible();
  await expect(stats.getByRole('button', { name: '0 delivered: show them' })).toBeVisible();
  await send(page, 'you@ok.sandbox.test', { probe: false });
  await expect(header(delivery)).toHaveAttribute('data-status', 'Delivered');
  await expect(stats.getByRole('button', { name: '1 delivered: show them' })).toBeVisible();
  await expect(stats.getByRole('button', { name: '1 probed: show them' })).toBeVisible();
});
