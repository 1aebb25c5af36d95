import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SendReport } from '../../shared/send';
import { startSend } from '../delivery/start-send';
import { SandboxError } from './sandbox';
import { type SandboxLab, sandboxRequest, startSandboxLab } from './test-support/sandbox-lab';

let lab: SandboxLab;
let draws: number[] = [];
beforeAll(async () => {
  // The reject-rate draw comes from here: 0.3 is under a 0.5 rate, 0.7 is over it.
  lab = await startSandboxLab({ random: () => draws.shift() ?? 0.99 });
});
afterAll(() => lab?.close());
afterEach(() => {
  lab.sandbox.resetKnobs('catchall.sandbox.test');
  lab.sandbox.resetKnobs('ok.sandbox.test');
  draws = [];
});

async function send(to: string[], session = {}): Promise<SendReport> {
  return (await startSend(sandboxRequest(to, session), undefined, lab.routing)).done;
}

describe('chaos knobs, changed while the sandbox runs', () => {
  it('reject rate with a chosen code refuses that share of recipients, then a reset restores it', async () => {
    lab.sandbox.setKnobs('catchall.sandbox.test', {
      rejectRate: 0.5,
      rejectCode: 451,
      rejectText: '4.3.0 Chaos says not now',
    });
    draws = [0.3, 0.7];
    const report = await send(['a@catchall.sandbox.test', 'b@catchall.sandbox.test']);
    expect(report.recipients.map((r) => [r.address, r.status, r.rcptReply?.code])).toEqual([
      ['a@catchall.sandbox.test', 'deferred', 451],
      ['b@catchall.sandbox.test', 'delivered', 250],
    ]);
    expect(report.recipients[0]?.rcptReply).toMatchObject({
      enhanced: '4.3.0',
      text: '4.3.0 Chaos says not now',
    });
    lab.sandbox.resetKnobs('catchall.sandbox.test');
    draws = [0.3];
    expect((await send(['a@catchall.sandbox.test'])).recipients[0]?.status).toBe('delivered');
  });

  it('reply delay slows every reply, the banner included', async () => {
    lab.sandbox.setKnobs('catchall.sandbox.test', { replyDelayMs: 400 });
    const report = await send(['a@catchall.sandbox.test']);
    const timing = (phase: string) =>
      report.attempts[0]?.timings.find((t) => t.phase === phase)?.durationMs ?? 0;
    expect(timing('banner')).toBeGreaterThanOrEqual(350);
    expect(timing('ehlo')).toBeGreaterThanOrEqual(350);
    expect(timing('rcpt')).toBeGreaterThanOrEqual(350);
  });

  it.each([
    ['connect', 'banner'],
    ['ehlo', 'ehlo'],
    ['mail', 'mail'],
    ['rcpt', 'rcpt'],
    ['data', 'data'],
  ] as const)('disconnect at %s drops the connection in that phase', async (at, phase) => {
    lab.sandbox.setKnobs('catchall.sandbox.test', { disconnectAt: at });
    const report = await send(['a@catchall.sandbox.test'], { pipelining: false });
    expect(report.attempts[0]).toMatchObject({ outcome: 'connection-lost', phase });
    expect(report.recipients[0]?.status).toBe('deferred');
  });

  it('greylisting can be switched on for any scenario', async () => {
    lab.sandbox.setKnobs('catchall.sandbox.test', { greylistDelaySeconds: 120 });
    const report = await send(['a@catchall.sandbox.test']);
    expect(report.recipients[0]?.rcptReply?.text).toBe(
      '4.7.1 Greylisted, try again in 120 seconds',
    );
  });

  it('STARTTLS can be withdrawn, and EHLO stops offering it', async () => {
    lab.sandbox.setKnobs('ok.sandbox.test', { offerStarttls: false });
    const report = await send(['a@ok.sandbox.test']);
    expect(report.transcript.some((l) => l.text.includes('STARTTLS'))).toBe(false);
    expect(report.attempts[0]?.tls).toBeNull();
    expect(report.recipients[0]?.status).toBe('delivered');
  });

  it('bad knobs and unknown scenarios are refused with a sentence, and change nothing', () => {
    expect(() => lab.sandbox.setKnobs('catchall.sandbox.test', { rejectRate: 2 })).toThrow(
      new SandboxError('Reject rate is from 0 to 1'),
    );
    expect(() => lab.sandbox.setKnobs('nope.sandbox.test', {})).toThrow(SandboxError);
    expect(lab.sandbox.scenario('catchall.sandbox.test').knobs.rejectRate).toBe(0);
  });

  it('a reply code and the enhanced code its text starts with must be of one class', () => {
    const refused = (() => {
      try {
        lab.sandbox.setKnobs('catchall.sandbox.test', { rejectCode: 451 });
      } catch (error) {
        return error as SandboxError;
      }
    })();
    expect(refused?.issues).toEqual([
      {
        path: 'rejectCode',
        message:
          'Reply code 451 is a temporary (4xx) reply, but the text starts with 5.7.1, a permanent (5.x.x) status: start the text with 4.x.x or pick a 5xx code',
      },
    ]);
    expect(lab.sandbox.scenario('catchall.sandbox.test').knobs.rejectCode).toBe(550);
    // Both changed together, in agreement: taken.
    const ok = lab.sandbox.setKnobs('catchall.sandbox.test', {
      rejectCode: 451,
      rejectText: '4.7.1 Try later',
    });
    expect(ok.knobs).toMatchObject({ rejectCode: 451, rejectText: '4.7.1 Try later' });
    expect(() =>
      lab.sandbox.setKnobs('catchall.sandbox.test', { rejectText: '5.1.1 No such user' }),
    ).toThrow(/^Reply code 451 is a temporary/);
    // A text without an enhanced code goes with any code.
    lab.sandbox.setKnobs('catchall.sandbox.test', { rejectText: 'Go away', rejectCode: 554 });
  });

  it('tells listeners what changed', () => {
    const seen: string[] = [];
    const stop = lab.sandbox.onKnobsChanged((s) =>
      seen.push(`${s.domain} ${s.knobs.replyDelayMs}`),
    );
    lab.sandbox.setKnobs('ok.sandbox.test', { replyDelayMs: 250 });
    stop();
    expect(seen).toEqual(['ok.sandbox.test 250']);
  });
});
