import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProbeSession } from '../../shared/verify';
import { type RaceLab, startRaceLab } from '../delivery/test-support/race-lab';
import { routeResolver } from '../dns/routing';
import { verifyAddresses } from './verifier';

let lab: RaceLab;
beforeAll(async () => {
  lab = await startRaceLab();
}, 20_000);
afterAll(() => lab?.close());

it('a probe walks the MX list as delivery does: a silent MX 10 costs the stagger, MX 20 answers', async () => {
  const sessions: ProbeSession[] = [];
  const from = lab.wire.length;
  const since = Date.now();
  const { results } = await verifyAddresses(['someone@silent.race.test'], {
    resolve: routeResolver({ servers: [lab.dns.address] }),
    probeFrom: 'probe@mxray.test',
    helo: 'client.mxray.test',
    tls: 'off',
    port: lab.port,
    catchAll: false,
    onSession: (s) => sessions.push(s),
  });
  expect(Date.now() - since).toBeLessThan(3000);
  expect(results[0]).toMatchObject({ verdict: 'deliverable', mx: 'mx20.silent.race.test' });
  expect(sessions.map((s) => [s.host, s.outcome])).toEqual(
    expect.arrayContaining([
      ['mx10.silent.race.test', 'abandoned'],
      ['mx20.silent.race.test', expect.any(String)],
    ]),
  );
  // Only MX 20 was asked anything: the silent host never heard MAIL FROM.
  const mails = lab.wire.slice(from).filter((e) => e.kind === 'mail');
  expect(mails.map((e) => e.server)).toEqual(['healthy']);
});
