import { describe, expect, it } from 'vitest';
import { knobBadges, NO_CHAOS } from './knob-badges';
import {
  checkKnobDraft,
  dirtyFields,
  fieldIssues,
  knobText,
  rebaseDraft,
  toKnobDraft,
} from './knob-draft';

const base = { ...NO_CHAOS, greylistDelaySeconds: 30 };

describe('chaos knobs', () => {
  it('knows what no chaos is, as main does', () => {
    expect(knobBadges(NO_CHAOS)).toEqual([]);
  });

  it('badges every knob with an effect', () => {
    const texts = knobBadges({
      ...NO_CHAOS,
      greylistDelaySeconds: 30,
      rejectRate: 0.25,
      rejectCode: 451,
      replyDelayMs: 1000,
      disconnectAt: 'dot',
      offerStarttls: false,
    }).map((b) => b.text);
    expect(texts).toEqual([
      'greylist 30 s',
      'reject 25% · 451',
      'delay 1000 ms',
      'drop at dot',
      'no STARTTLS',
    ]);
    expect(knobBadges({ ...NO_CHAOS, rejectCode: 421 })).toEqual([]);
  });

  it('sends only what the user changed, as numbers', () => {
    const draft = {
      ...toKnobDraft(base),
      rejectRate: ' 0,5 ',
      replyDelayMs: '250',
      greylistDelaySeconds: '30.0',
    };
    expect(dirtyFields(draft, base)).toEqual(['rejectRate', 'replyDelayMs']);
    expect(checkKnobDraft(draft, base)).toEqual({ patch: { rejectRate: 0.5, replyDelayMs: 250 } });
    expect(checkKnobDraft({ ...draft, offerStarttls: false }, base)).toEqual({
      patch: { rejectRate: 0.5, replyDelayMs: 250, offerStarttls: false },
    });
  });

  it('names each bad field with a sentence', () => {
    const draft = {
      ...toKnobDraft(base),
      greylistDelaySeconds: 'soon',
      rejectRate: '2',
      rejectCode: '250',
      rejectText: 'two\nlines',
      replyDelayMs: '1.5',
    };
    expect(checkKnobDraft(draft, base)).toEqual({
      errors: {
        greylistDelaySeconds: 'Greylist delay must be a number',
        rejectRate: 'Reject rate is from 0 to 1',
        rejectCode: 'Reject code must be 4xx or 5xx',
        rejectText: 'Cannot contain a line break',
        replyDelayMs: 'Reply delay must be a whole number of milliseconds',
      },
    });
  });

  it('maps server issues to fields', () => {
    expect(
      fieldIssues([
        { path: 'knobs.rejectRate', message: 'Too high' },
        { path: 'domain', message: 'Unknown domain' },
      ]),
    ).toEqual({ errors: { rejectRate: 'Too high' }, other: ['Unknown domain'] });
  });

  it('follows changes made elsewhere without clobbering an edit', () => {
    const draft = { ...toKnobDraft(base), replyDelayMs: '500' };
    const remote = { ...base, greylistDelaySeconds: 60, replyDelayMs: 2000 };
    const next = rebaseDraft(draft, base, remote, []);
    expect(next.draft.greylistDelaySeconds).toBe('60');
    expect(next.draft.replyDelayMs).toBe('500');
    expect(next.conflicts).toEqual(['replyDelayMs']);
    // The same value arriving (our own Apply echoed) is no conflict.
    expect(rebaseDraft(draft, base, { ...base, replyDelayMs: 500 }, []).conflicts).toEqual([]);
    // A flag stays until the user's value and the remote one agree.
    expect(
      rebaseDraft(next.draft, remote, { ...remote, rejectRate: 0.1 }, next.conflicts).conflicts,
    ).toEqual(['replyDelayMs']);
  });

  it('refuses a code whose class the enhanced code does not share, at the knob changed', () => {
    const draft = { ...toKnobDraft(base), rejectCode: '451' };
    expect(checkKnobDraft(draft, base)).toEqual({
      errors: {
        rejectCode: expect.stringMatching(
          /^Reply code 451 is a temporary \(4xx\) reply, but the text starts with 5\.7\.1/,
        ),
      },
    });
    const text = { ...draft, rejectText: '5.7.1 Still permanent' };
    expect(Object.keys((checkKnobDraft(text, base) as { errors: object }).errors)).toEqual([
      'rejectText',
    ]);
    expect(checkKnobDraft({ ...draft, rejectText: '4.7.1 Not now' }, base)).toEqual({
      patch: { rejectCode: 451, rejectText: '4.7.1 Not now' },
    });
  });

  it("refuses as a provider: a preset's badge, its label, and a patch of just that", () => {
    const gmail = { ...NO_CHAOS, refuseAs: 'gmail-unauthenticated' as const };
    expect(knobBadges(gmail).map((b) => b.text)).toEqual(['refuse as Gmail · 550']);
    expect(knobText('refuseAs', gmail)).toBe('Gmail: 550 5.7.26 unauthenticated sender');
    expect(knobText('refuseAs', NO_CHAOS)).toBe('Off');
    const draft = { ...toKnobDraft(base), refuseAs: 'spamhaus-postfix' as const };
    expect(dirtyFields(draft, base)).toEqual(['refuseAs']);
    expect(checkKnobDraft(draft, base)).toEqual({ patch: { refuseAs: 'spamhaus-postfix' } });
    const bogus = { ...toKnobDraft(base), refuseAs: 'hotmail' as unknown as 'off' };
    expect(checkKnobDraft(bogus, base)).toEqual({
      errors: { refuseAs: expect.stringMatching(/^Refuse as is one of: off, /) },
    });
  });
});
