import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../../shared/send';
import type { PhaseTiming, TranscriptLine } from '../../../shared/smtp';
import { liveSpot, type RouteNode, spotWords } from './failover-nodes';

const node = (host: string, address: string): RouteNode => ({
  host,
  preference: 10,
  address,
  port: 25,
  skipped: null,
});
const nodes = [node('mx1.example.test', '127.0.0.1'), node('mx2.example.test', '127.0.0.2')];
const line = (attempt: number, dir: TranscriptLine['dir'], phase: TranscriptLine['phase']) =>
  ({ t: '2026-12-03T00:00:00.000Z', attempt, dir, tls: false, phase, text: '' }) as TranscriptLine;
const connected = [{ phase: 'connect' } as PhaseTiming];

describe('where a running session is, for every pane', () => {
  it('awaits the reply to the last command sent, even while pipelined RCPT replies arrive', () => {
    const lines = [
      line(1, 'out', 'mail'),
      line(1, 'out', 'rcpt'),
      line(1, 'out', 'data'),
      line(1, 'in', 'mail'),
      line(1, 'in', 'rcpt'),
    ];
    const spot = liveSpot(nodes, [], true, { lines, timings: connected });
    expect(spot).toEqual({ node: 0, host: 'mx1.example.test', phase: 'data' });
    expect(spotWords('data')).toBe('waiting for the DATA reply');
  });

  it('dials, then waits for the greeting, before any command goes out', () => {
    expect(liveSpot(nodes, [], true, { lines: [], timings: [] })?.phase).toBe('connect');
    expect(
      liveSpot(nodes, [], true, { lines: [line(1, 'note', 'connect')], timings: connected }),
    ).toMatchObject({ phase: 'banner' });
  });

  it('after a failover, is at the next MX, and the last attempt’s lines say nothing of it', () => {
    const first = {
      n: 1,
      host: 'mx1.example.test',
      ip: '127.0.0.1',
      reason: 'connection refused; trying MX 20',
    } as AttemptRecord;
    const lines = [line(1, 'out', 'quit'), line(1, 'in', 'quit')];
    expect(liveSpot(nodes, [first], true, { lines, timings: [] })).toEqual({
      node: 1,
      host: 'mx2.example.test',
      phase: 'connect',
    });
  });

  it('is nowhere when nothing runs', () => {
    expect(liveSpot(nodes, [], false, { lines: [line(1, 'out', 'data')], timings: [] })).toBeNull();
  });
});
