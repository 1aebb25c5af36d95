import { expect, test } from './fixtures';
import { violations } from './support/axe';
import { send } from './support/compose';
import { screens } from './support/screens';

// blackhole.sandbox.test: MX 10 takes the connection and never greets, MX 20 accepts. With
// the default stagger (2 s) MX 20 is dialled alongside MX 10 and wins the race.
test('a staggered connect: MX 10 never greets, MX 20 is raced in and wins, every pane says so', async ({
  app,
}, info) => {
  const { page } = app;
  const started = Date.now();
  const delivery = await send(page, 'you@blackhole.sandbox.test');
  await expect(delivery.getByText('Delivered', { exact: true }).first()).toBeVisible({
    timeout: 15_000,
  });
  // Seconds, not the 300 s greeting timeout (the send itself, page work aside).
  expect(Date.now() - started).toBeLessThan(15_000);

  const path = delivery.getByRole('region', { name: 'Failover path' });
  await expect(path.getByTestId('race-headline')).toHaveText(
    /Raced 2 addresses: MX 20 \(127\.0\.0\.\d+\) greeted first after 2\.\d+ s; MX 10 was abandoned/,
  );
  const [mx10, mx20] = [
    path.getByTestId('failover-node').filter({ hasText: 'MX 10' }),
    path.getByTestId('failover-node').filter({ hasText: 'MX 20' }),
  ];
  await expect(mx10.getByText('abandoned', { exact: true })).toBeVisible();
  await expect(mx10.getByText(/MX 20 greeted first/)).toBeVisible();
  await expect(mx20.getByText('greeted first', { exact: true })).toBeVisible();
  await expect(mx10.getByText('greeted first', { exact: true })).toHaveCount(0);

  // The waterfall: two rows whose bars overlap in time, so they overlap on screen.
  const timeline = delivery.getByRole('region', { name: 'Timeline' });
  const rows = timeline.locator('.wf-row:not(.wf-gap)');
  await expect(rows).toHaveCount(2);
  const span = async (row: number) => {
    const boxes = await rows
      .nth(row)
      .locator('.wf-seg')
      .evaluateAll((segs) => segs.map((s) => s.getBoundingClientRect()).filter((r) => r.width > 0));
    return {
      left: Math.min(...boxes.map((b) => b.left)),
      right: Math.max(...boxes.map((b) => b.right)),
    };
  };
  const [first, second] = [await span(0), await span(1)];
  expect(second.left).toBeLessThan(first.right);
  expect(first.left).toBeLessThan(second.left);

  // The transcript: one header per connection, each connection's lines together.
  const transcript = delivery.getByRole('region', { name: 'Transcript' });
  const headers = transcript.getByRole('button', { name: /Attempt \d+ \d+ lines?/ });
  await expect(headers).toHaveCount(2);
  await expect(headers.nth(0)).toHaveAccessibleName(/^▾ Attempt 1 \d+ lines?/);
  await expect(headers.nth(1)).toHaveAccessibleName(/^▾ Attempt 2 /);
  await expect(transcript.getByText(/^Abandoned: MX 20 greeted first/)).toBeVisible();

  expect(await violations(page, 'send, a raced delivery')).toEqual([]);
  await screens(page, 'send-race', info);
  await page.setViewportSize({ width: 900, height: 900 });
  await expect(path.getByTestId('race-headline')).toBeVisible();
  await screens(page, 'send-race-900', info);
});
