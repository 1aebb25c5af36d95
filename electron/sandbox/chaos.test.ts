import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REFUSALS } from '../../shared/sandbox';
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

  it.each([
    ['gmail-unauthenticated', 'bounced', 'Gmail'],
    ['microsoft-banned-ip', 'bounced', 'Microsoft 365 / Outlook.com'],
    ['yahoo-tss04', 'deferred', 'Yahoo / AOL'],
    ['spamhaus-postfix', 'bounced', 'Postfix'],
  ] as const)(
    'refuse as %s: RCPT gets that reply word for word, and the recipient its explanation',
    async (refusal, status, provider) => {
      lab.sandbox.setKnobs('catchall.sandbox.test', { refuseAs: refusal });
      const report = await send(['a@catchall.sandbox.test']);
      const { code, lines } = REFUSALS[refusal];
      const [recipient] = report.recipients;
      expect(recipient?.status).toBe(status);
      // A 421 closes the session: the engine keeps it as the deciding reply, not RCPT's own.
      expect(recipient?.rcptReply ?? recipient?.reply).toMatchObject({
        code,
        enhanced: /^\d\.\d+\.\d+/.exec(lines[0])?.[0],
        text: lines.join('\n'),
      });
      // On the wire: one line each, "550-" on all but the last.
      const replies = report.transcript.filter((l) => l.dir === 'in' && l.phase === 'rcpt');
      expect(replies.map((l) => l.text)).toEqual(
        lines.map((line, i) => `${code}${i < lines.length - 1 ? '-' : ' '}${line}`),
      );
      expect(recipient?.explanation?.provider).toBe(provider);
      if (refusal === 'spamhaus-postfix')
        expect(recipient?.explanation).toMatchObject({
          list: 'zen.spamhaus.org',
          delist: 'https://check.spamhaus.org/',
        });
    },
  );

  it('refuse as is one of its presets; a reset turns it off', () => {
    expect(() =>
      lab.sandbox.setKnobs('catchall.sandbox.test', {
        refuseAs: 'hotmail' as unknown as 'off',
      }),
    ).toThrow(/^Refuse as is one of: off, gmail-unauthenticated/);
    lab.sandbox.setKnobs('catchall.sandbox.test', { refuseAs: 'yahoo-tss04' });
    expect(lab.sandbox.resetKnobs('catchall.sandbox.test').knobs.refuseAs).toBe('off');
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
