import { afterAll, beforeAll, expect, it } from 'vitest';
import { SendReport } from '../../shared/send';
import { type RaceLab, startRaceLab } from '../delivery/test-support/race-lab';
import { runCli } from './test-support/run-cli';
import { EXIT } from './usage-error';

let lab: RaceLab;
beforeAll(async () => {
  lab = await startRaceLab();
}, 20_000);
afterAll(() => lab?.close());

const send = (to: string, extra: string[] = []) =>
  runCli([
    'send',
    '--from',
    'cli@mxray.test',
    '--to',
    to,
    '--tls',
    'off',
    '--dns',
    lab.dns.address,
    '--port',
    String(lab.port),
    '--json',
    ...extra,
  ]);

it('send --json with a silent MX 10: delivered through MX 20 within 3 s, MX 10 abandoned on record', async () => {
  const since = Date.now();
  const { code, stdout } = await send('x@silent.race.test');
  expect(Date.now() - since).toBeLessThan(3000 + 1000); // the CLI's own start-up on top
  expect(code).toBe(0);
  const report = SendReport.parse(JSON.parse(stdout));
  expect(report.recipients[0]).toMatchObject({ status: 'delivered' });
  expect(report.attempts.map((a) => [a.host, a.outcome])).toEqual([
    ['mx10.silent.race.test', 'abandoned'],
    ['mx20.silent.race.test', 'accepted'],
  ]);
  const [abandoned, won] = report.attempts;
  expect(abandoned?.reason).toMatch(/^abandoned: MX 20 greeted first, 2\.\d s into this attempt$/);
  // The delivery itself: from the first dial to the accepted dot, under 3 s.
  expect(Date.parse(won?.endedAt ?? '') - Date.parse(abandoned?.startedAt ?? '')).toBeLessThan(
    3000,
  );
});

it('refuses a --stagger that is not 0 to 60 seconds, and sends nothing', async () => {
  const before = lab.wire.length;
  for (const bad of ['-1', 'soon', '61']) {
    const { code, stderr } = await send('x@silent.race.test', [`--stagger=${bad}`]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(/--stagger must be a number of seconds from 0 \(off\) to 60/);
  }
  expect(lab.wire.length).toBe(before);
});
