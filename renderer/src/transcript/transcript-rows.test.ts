import { describe, expect, it } from 'vitest';
import type { TranscriptLine } from '../../../shared/smtp';
import { buildRows, type Direction } from './transcript-rows';

const l = (
  attempt: number,
  phase: TranscriptLine['phase'],
  dir: Direction,
  text: string,
  bytes?: number,
): TranscriptLine => ({
  t: '2026-12-01T10:00:00.000Z',
  attempt,
  phase,
  dir,
  tls: false,
  text,
  ...(bytes ? { bytes } : {}),
});

const lines = [
  l(1, 'connect', 'note', 'Connecting to 127.0.0.1'),
  l(1, 'connect', 'note', 'refused'),
  l(2, 'banner', 'in', '220 mx ESMTP'),
  l(2, 'ehlo', 'out', 'EHLO me'),
  l(2, 'ehlo', 'in', '250-mx\n250 SIZE 100'),
  l(2, 'body', 'out', 'From: a@b'),
  l(2, 'body', 'out', '[message body: 269 bytes in all]', 269),
  l(2, 'quit', 'out', 'QUIT'),
  l(2, 'body', 'in', '250 2.0.0 Ok: queued'),
];
const all = new Set<Direction>(['in', 'out', 'note']);
const shape = (rows: ReturnType<typeof buildRows>['rows']) =>
  rows.map((r) =>
    r.kind === 'line'
      ? r.text
      : r.kind === 'attempt'
        ? `#${r.attempt}`
        : `[${r.phase}${r.collapsed ? ' +' : ''}]`,
  );

describe('transcript rows', () => {
  it('groups by attempt and phase, with the message body collapsed and its size kept', () => {
    const { rows } = buildRows(lines, {
      collapsed: new Set(),
      expanded: new Set(),
      dirs: all,
      query: '',
    });
    expect(shape(rows)).toEqual([
      '#1',
      '[connect]',
      'Connecting to 127.0.0.1',
      'refused',
      '#2',
      '[banner]',
      '220 mx ESMTP',
      '[ehlo]',
      'EHLO me',
      '250-mx',
      '250 SIZE 100',
      '[body +]',
      '[quit]',
      'QUIT',
      '[body]',
      '250 2.0.0 Ok: queued',
    ]);
    expect(rows.find((r) => r.kind === 'phase' && r.phase === 'body')).toMatchObject({
      bytes: 269,
      lines: 2,
    });
  });

  it('collapses an attempt or a group, and opens the body on request', () => {
    const { rows } = buildRows(lines, {
      collapsed: new Set(['a1', 'a2:1']),
      expanded: new Set(['a2:2']),
      dirs: all,
      query: '',
    });
    expect(shape(rows)).toEqual([
      '#1',
      '#2',
      '[banner]',
      '220 mx ESMTP',
      '[ehlo +]',
      '[body]',
      'From: a@b',
      '[message body: 269 bytes in all]',
      '[quit]',
      'QUIT',
      '[body]',
      '250 2.0.0 Ok: queued',
    ]);
  });

  it('filters by direction and searches inside collapsed groups, listing the hits', () => {
    const sent = buildRows(lines, {
      collapsed: new Set(),
      expanded: new Set(),
      dirs: new Set(['out']),
      query: '',
    });
    expect(shape(sent.rows).filter((s) => !s.startsWith('[') && !s.startsWith('#'))).toEqual([
      'EHLO me',
      'QUIT',
    ]);
    const found = buildRows(lines, {
      collapsed: new Set(['a2']),
      expanded: new Set(),
      dirs: all,
      query: 'from:',
    });
    expect(shape(found.rows)).toEqual(['#2', '[body]', 'From: a@b']);
    expect(found.matches).toEqual([2]);
  });
});
