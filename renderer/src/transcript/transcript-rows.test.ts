import { describe, expect, it } from 'vitest';
import type { TranscriptLine } from '../../../shared/smtp';
import { line, pipelinedSession } from './test-support/transcript-lines';
import { buildRows, type Direction, type RowOptions } from './transcript-rows';

const lines = [
  line('connect', 'note', 'Connecting to 127.0.0.1'),
  line('connect', 'note', 'refused'),
  line('banner', 'in', '220 mx ESMTP', { attempt: 2 }),
  line('ehlo', 'out', 'EHLO me', { attempt: 2 }),
  line('ehlo', 'in', '250-mx\n250 SIZE 100', { attempt: 2 }),
  line('body', 'out', 'From: a@b\n\n[message body: 269 bytes in all]', { attempt: 2, bytes: 269 }),
  line('body', 'out', '.', { attempt: 2 }),
  line('body', 'note', 'Message sent; waiting for the reply to the final dot.', { attempt: 2 }),
  line('body', 'in', '250 2.0.0 Ok: queued', { attempt: 2 }),
  line('quit', 'out', 'QUIT', { attempt: 2 }),
  line('quit', 'in', '221 bye', { attempt: 2 }),
];
const all = new Set<Direction>(['in', 'out', 'note']);
const rowsOf = (from: TranscriptLine[], options: Partial<RowOptions> = {}) =>
  buildRows(from, { collapsed: new Set(), expanded: new Set(), dirs: all, query: '', ...options });
/** Rows in words: `#n (lines)` an attempt, `[phase +] (lines)` a group, `a | b` a pair. */
const shape = (rows: ReturnType<typeof buildRows>['rows']) =>
  rows.map((r) => {
    switch (r.kind) {
      case 'attempt':
        return `#${r.attempt} (${r.lines})`;
      case 'phase':
        return `[${r.phase}${r.collapsed ? ' +' : ''}] (${r.lines})`;
      case 'burst':
        return `[${r.phases.map((p) => `${p.phase}×${p.count}`).join(' ')}${r.collapsed ? ' +' : ''}] (${r.commands}/${r.replies}/${r.notes})`;
      case 'line':
        return r.text;
      default:
        return `${r.command?.text ?? ''} | ${r.reply?.text ?? ''}`;
    }
  });

describe('transcript rows', () => {
  it('keeps raced connections apart: interleaved lines sit under one header per attempt, in order', () => {
    const raced = [
      line('connect', 'note', 'Connecting to MX 10', { attempt: 1 }),
      line('connect', 'note', 'Connected to MX 10', { attempt: 1 }),
      line('connect', 'note', 'Connecting to MX 20', { attempt: 2 }),
      line('banner', 'in', '220 mx20 ESMTP', { attempt: 2 }),
      line('connect', 'note', 'MX 20 greeted first: closing', { attempt: 1 }),
      line('ehlo', 'out', 'EHLO me', { attempt: 2 }),
    ];
    const { rows } = rowsOf(raced);
    expect(shape(rows)).toEqual([
      '#1 (3)',
      '[connect] (3)',
      'Connecting to MX 10',
      'Connected to MX 10',
      'MX 20 greeted first: closing',
      '#2 (3)',
      '[connect] (1)',
      'Connecting to MX 20',
      '[banner] (1)',
      '220 mx20 ESMTP',
      '[ehlo] (1)',
      'EHLO me',
    ]);
  });

  it('groups by attempt and phase, with the message body collapsed apart from the reply to its dot', () => {
    const { rows } = rowsOf(lines);
    expect(shape(rows)).toEqual([
      '#1 (2)',
      '[connect] (2)',
      'Connecting to 127.0.0.1',
      'refused',
      '#2 (12)',
      '[banner] (1)',
      '220 mx ESMTP',
      '[ehlo] (3)',
      'EHLO me',
      '250-mx',
      '250 SIZE 100',
      '[body +] (3)',
      '[body] (3)',
      '.',
      'Message sent; waiting for the reply to the final dot.',
      '250 2.0.0 Ok: queued',
      '[quit] (2)',
      'QUIT',
      '221 bye',
    ]);
    expect(rows.find((r) => r.kind === 'phase' && r.phase === 'body')).toMatchObject({
      bytes: 269,
      startsClosed: true,
    });
  });

  it('collapses an attempt or a group, and opens the body on request', () => {
    const { rows } = rowsOf(lines, {
      collapsed: new Set(['a1', 'a2:1']),
      expanded: new Set(['a2:2']),
    });
    expect(shape(rows)).toEqual([
      '#1 (2)',
      '#2 (12)',
      '[banner] (1)',
      '220 mx ESMTP',
      '[ehlo +] (3)',
      '[body] (3)',
      'From: a@b',
      '',
      '[message body: 269 bytes in all]',
      '[body] (3)',
      '.',
      'Message sent; waiting for the reply to the final dot.',
      '250 2.0.0 Ok: queued',
      '[quit] (2)',
      'QUIT',
      '221 bye',
    ]);
  });

  it('shows a pipelined burst under one header, each reply beside the command it answers', () => {
    const { rows } = rowsOf(pipelinedSession, { collapsed: new Set(['a1:1', 'a1:3']) });
    expect(shape(rows)).toEqual([
      '#1 (26)',
      '[dns] (1)',
      'MX reject.sandbox.test (the sandbox: no DNS asked) → 1 host — 0 ms',
      '[connect +] (2)',
      '[banner] (1)',
      '220 mx.reject.sandbox.test ESMTP',
      '[ehlo +] (4)',
      '[mail×1 rcpt×3 data×1] (5/5/0)',
      'MAIL FROM:<dev@mxray.example> | 250 2.1.0 Ok',
      'RCPT TO:<alice@reject.sandbox.test> | 250 2.1.5 Ok',
      'RCPT TO:<carol@reject.sandbox.test> | 550 5.1.1 <carol@reject.sandbox.test>: Recipient address rejected',
      'RCPT TO:<bob@reject.sandbox.test> | 250 2.1.5 Ok',
      'DATA | 354 End data with <CR><LF>.<CR><LF>',
      '[body +] (3)',
      '[body×1 quit×1] (2/2/1)',
      'Message sent; waiting for the reply to the final dot.',
      '. | 250 2.0.0 Ok: queued as 7F3A',
      'QUIT | 221 2.0.0 Bye',
    ]);
    // The replies line up: every row of a burst knows its longest command.
    const widths = rows.flatMap((r) => (r.kind === 'exchange' ? [r.width] : []));
    expect(new Set(widths.slice(0, 5))).toEqual(
      new Set(['RCPT TO:<carol@reject.sandbox.test>'.length]),
    );
  });

  it('puts a multi-line reply to a pipelined command beside it, its further lines below', () => {
    const burst = [
      line('mail', 'out', 'MAIL FROM:<a@b.test>'),
      line('rcpt', 'out', 'RCPT TO:<c@d.test>'),
      line('mail', 'in', '250 Ok'),
      line('rcpt', 'in', '550-5.1.1 No such user\n550 5.1.1 here'),
    ];
    expect(shape(rowsOf(burst).rows)).toEqual([
      '#1 (5)',
      '[mail×1 rcpt×1] (2/2/0)',
      'MAIL FROM:<a@b.test> | 250 Ok',
      'RCPT TO:<c@d.test> | 550-5.1.1 No such user',
      ' | 550 5.1.1 here',
    ]);
  });

  it('drops a group the filters leave empty, header and all, and counts what is left', () => {
    const sent = rowsOf(pipelinedSession, { dirs: new Set(['out']) });
    expect(shape(sent.rows)).toEqual([
      '#1 (11)',
      '[ehlo] (1)',
      'EHLO mxray.example',
      '[mail×1 rcpt×3 data×1] (5/0/0)',
      'MAIL FROM:<dev@mxray.example>',
      'RCPT TO:<alice@reject.sandbox.test>',
      'RCPT TO:<carol@reject.sandbox.test>',
      'RCPT TO:<bob@reject.sandbox.test>',
      'DATA',
      '[body +] (3)',
      '[body×1 quit×1] (2/0/0)',
      '.',
      'QUIT',
    ]);
    const received = rowsOf(pipelinedSession, { dirs: new Set(['in']) });
    expect(shape(received.rows).filter((s) => s.startsWith('[') || s.startsWith('#'))).toEqual([
      '#1 (11)',
      '[banner] (1)',
      '[ehlo] (3)',
      '[mail×1 rcpt×3 data×1] (0/5/0)',
      '[body×1 quit×1] (0/2/0)',
    ]);
    // An attempt with nothing left goes too.
    expect(shape(rowsOf(lines, { dirs: new Set(['note']) }).rows)).toEqual([
      '#1 (2)',
      '[connect] (2)',
      'Connecting to 127.0.0.1',
      'refused',
      '#2 (1)',
      '[body] (1)',
      'Message sent; waiting for the reply to the final dot.',
    ]);
  });

  it('searches inside collapsed groups, keeps a pair when either side matches, and counts the hits', () => {
    const found = rowsOf(lines, { collapsed: new Set(['a2']), query: 'from:' });
    expect(shape(found.rows)).toEqual(['#2 (1)', '[body] (1)', 'From: a@b']);
    expect(found.matches).toEqual([2]);
    const rejected = rowsOf(pipelinedSession, { query: 'carol' });
    expect(shape(rejected.rows)).toEqual([
      '#1 (2)',
      '[mail×1 rcpt×3 data×1] (1/1/0)',
      'RCPT TO:<carol@reject.sandbox.test> | 550 5.1.1 <carol@reject.sandbox.test>: Recipient address rejected',
    ]);
    expect(rejected.matches).toEqual([2]);
    const row = rejected.rows[2];
    expect(row?.kind === 'exchange' && [row.command?.match, row.reply?.match]).toEqual([
      true,
      true,
    ]);
    const ok = rowsOf(pipelinedSession, { query: '2.1.5' });
    expect(shape(ok.rows)).toEqual([
      '#1 (4)',
      '[mail×1 rcpt×3 data×1] (2/2/0)',
      'RCPT TO:<alice@reject.sandbox.test> | 250 2.1.5 Ok',
      'RCPT TO:<bob@reject.sandbox.test> | 250 2.1.5 Ok',
    ]);
    const pair = ok.rows[2];
    expect(pair?.kind === 'exchange' && [pair.command?.match, pair.reply?.match]).toEqual([
      false,
      true,
    ]);
  });
});
