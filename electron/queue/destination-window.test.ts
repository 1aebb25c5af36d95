import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../shared/send';
import { DestinationWindows, feedbackOf, nextWindow } from './destination-window';

const attempt = (
  outcome: AttemptRecord['outcome'],
  reply: { code: number; text: string } | null = null,
): Pick<AttemptRecord, 'outcome' | 'reply'> => ({
  outcome,
  reply: reply && { ...reply, enhanced: null },
});

describe('feedbackOf: what one attempt says about its destination', () => {
  it('shrinks on a 421, a refused connection and "too many connections"', () => {
    expect(feedbackOf(attempt('greeting-rejected', { code: 421, text: 'busy' }))).toBe('shrink');
    expect(feedbackOf(attempt('deferred', { code: 421, text: 'closing' }))).toBe('shrink');
    expect(feedbackOf(attempt('connect-refused'))).toBe('shrink');
    expect(
      feedbackOf(
        attempt('greeting-rejected', { code: 450, text: 'Too many connections from you' }),
      ),
    ).toBe('shrink');
    expect(
      feedbackOf(
        attempt('deferred', { code: 452, text: '4.3.2 Too many concurrent SMTP sessions' }),
      ),
    ).toBe('shrink');
  });

  it('grows when a server saw a session through, greylisting included', () => {
    expect(feedbackOf(attempt('accepted', { code: 250, text: 'ok' }))).toBe('grow');
    expect(feedbackOf(attempt('rejected', { code: 550, text: 'no such user' }))).toBe('grow');
    expect(feedbackOf(attempt('deferred', { code: 450, text: 'Greylisted, try later' }))).toBe(
      'grow',
    );
    expect(feedbackOf(attempt('quit-after'))).toBe('grow');
  });

  it('says nothing on timeouts and lost connections (a slow network, not a limit)', () => {
    expect(feedbackOf(attempt('connect-timeout'))).toBe('none');
    expect(feedbackOf(attempt('connection-lost'))).toBe('none');
    expect(feedbackOf(attempt('tls-failed'))).toBe('none');
    // Postfix's smtpd_hard_error_limit: this session's fault, not a limit on sessions.
    expect(
      feedbackOf(attempt('deferred', { code: 421, text: '4.7.0 mx.test Error: too many errors' })),
    ).toBe('none');
  });
});

describe('the window of one destination', () => {
  const limits = { initial: 2, max: 10 };

  it('starts at 2, gains one session per window-full of good sessions up to 10, halves on trouble', () => {
    let w = 2;
    // Two good sessions at 2 make 3; three at 3 make 4…
    for (let i = 0; i < 2; i++) w = nextWindow(w, 'grow', limits);
    expect(Math.floor(w + 1e-9)).toBe(3);
    for (let i = 0; i < 3; i++) w = nextWindow(w, 'grow', limits);
    expect(Math.floor(w + 1e-9)).toBe(4);
    for (let i = 0; i < 200; i++) w = nextWindow(w, 'grow', limits);
    expect(w).toBe(10);
    w = nextWindow(w, 'shrink', limits);
    expect(w).toBe(5);
    for (let i = 0; i < 5; i++) w = nextWindow(w, 'shrink', limits);
    expect(w).toBe(1);
    expect(nextWindow(w, 'grow', limits)).toBe(2);
    expect(nextWindow(w, 'none', limits)).toBe(1);
  });

  it('keeps one window per destination; a new limit pulls windows down at once', () => {
    const windows = new DestinationWindows(limits);
    expect(windows.limit('a.test')).toBe(2);
    for (let i = 0; i < 5; i++) windows.record('a.test', 'grow');
    windows.record('b.test', 'shrink');
    expect([windows.limit('a.test'), windows.limit('b.test'), windows.limit('c.test')]).toEqual([
      4, 1, 2,
    ]);
    windows.configure({ initial: 1, max: 3 });
    expect([windows.limit('a.test'), windows.limit('c.test')]).toEqual([3, 1]);
    expect(windows.snapshot()).toEqual(
      new Map([
        ['a.test', 3],
        ['b.test', 1],
      ]),
    );
  });
});
