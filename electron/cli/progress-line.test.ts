import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CLEAR_LINE, clockTime, formatProgress, progressLine } from './progress-line';

/** A terminal as the progress line sees one: a stream with isTTY and columns, bytes kept. */
function fakeTerminal(columns = 80, isTTY = true) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns });
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, bytes: () => chunks.join('') };
}

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const format = (done: number, total: number, elapsedMs: number, columns = 80) =>
  formatProgress({ label: 'verify', done, total, elapsedMs, columns });

describe('formatProgress', () => {
  it('shows done/total, the percentage, the rate since the start and the time left', () => {
    expect(format(120, 500, 4000)).toBe('verify 120/500   24%  30/s  ETA 00:13');
    expect(format(3, 10, 2000)).toBe('verify 3/10   30%  1.5/s  ETA 00:05');
    expect(format(500, 500, 10_000)).toBe('verify 500/500  100%  50/s  ETA 00:00');
  });

  it('says "—" for the rate and ETA until something is done', () => {
    expect(format(0, 500, 0)).toBe('verify 0/500    0%  —/s  ETA —');
    expect(format(0, 500, 5000)).toBe('verify 0/500    0%  —/s  ETA —');
  });

  it('writes the time left as mm:ss, and h:mm:ss past an hour', () => {
    expect([
      clockTime(0),
      clockTime(75),
      clockTime(3599),
      clockTime(3600),
      clockTime(3723),
    ]).toEqual(['00:00', '01:15', '59:59', '1:00:00', '1:02:03']);
    // 1 a second with 7,200 to go.
    expect(format(10, 7210, 10_000)).toBe('verify 10/7210    0%  1.0/s  ETA 2:00:00');
  });

  it('keeps the last column free so the line never wraps', () => {
    expect(format(120, 500, 4000, 20)).toBe('verify 120/500   24');
    expect(format(120, 500, 4000, 1)).toBe('');
  });
});

describe('progressLine', () => {
  it('draws in place with \\r and erase-line, at most once per 100 ms, and clears at the end', () => {
    const { stream, bytes } = fakeTerminal();
    const { now, advance } = clock();
    const line = progressLine(stream, { label: 'send', enabled: true, env: {}, now });
    line.update(0, 10);
    advance(50);
    line.update(1, 10); // too soon: skipped
    advance(50);
    line.update(2, 10);
    advance(99);
    line.update(3, 10); // too soon: skipped
    line.end();
    expect(bytes()).toBe(
      `${CLEAR_LINE}send 0/10    0%  —/s  ETA —` +
        `${CLEAR_LINE}send 2/10   20%  20/s  ETA 00:00` +
        CLEAR_LINE,
    );
  });

  it('cuts the line to the terminal width, read at each redraw; 80 columns when it says 0', () => {
    const { stream, bytes } = fakeTerminal(12);
    const { now, advance } = clock();
    const line = progressLine(stream, { label: 'send', enabled: true, env: {}, now });
    line.update(0, 10);
    stream.columns = 0;
    advance(100);
    line.update(5, 10);
    line.end();
    expect(bytes()).toBe(
      `${CLEAR_LINE}send 0/10  ${CLEAR_LINE}send 5/10   50%  50/s  ETA 00:00${CLEAR_LINE}`,
    );
  });

  it('clears itself before anything else reaches the stream, and comes back on the next update', () => {
    const { stream, bytes } = fakeTerminal();
    const { now } = clock();
    const line = progressLine(stream, { label: 'send', enabled: true, env: {}, now });
    line.update(0, 2);
    stream.write('warning: something\n');
    line.update(1, 2); // no time has passed, but the line is gone: drawn again
    line.clear();
    line.end();
    stream.write('after\n');
    expect(bytes()).toBe(
      `${CLEAR_LINE}send 0/2    0%  —/s  ETA —` +
        `${CLEAR_LINE}warning: something\n` +
        `${CLEAR_LINE}send 1/2   50%  —/s  ETA —` +
        `${CLEAR_LINE}after\n`,
    );
  });

  it('writes nothing at all when the stream is not a terminal, on TERM=dumb, or when turned off', () => {
    const cases = [
      { tty: false, env: {}, enabled: true },
      { tty: true, env: { TERM: 'dumb' }, enabled: true },
      { tty: true, env: { TERM: 'xterm' }, enabled: false },
    ];
    for (const c of cases) {
      const { stream, bytes } = fakeTerminal(80, c.tty);
      const { now, advance } = clock();
      const line = progressLine(stream, { label: 'send', enabled: c.enabled, env: c.env, now });
      line.update(0, 3);
      advance(1000);
      line.update(3, 3);
      line.clear();
      line.end();
      expect(bytes()).toBe('');
    }
  });
});
