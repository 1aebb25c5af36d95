import { describe, expect, it } from 'vitest';
import type { TranscriptLine } from '../../../shared/smtp';
import {
  line,
  pipelinedCommands,
  pipelinedReplies,
  pipelinedSession,
} from './test-support/transcript-lines';
import { type Segment, segmentLines } from './transcript-segments';

/** Segments in words: a phase run by its texts, a burst as "command => reply | …". */
function describeSegments(lines: TranscriptLine[]) {
  const text = (n: number) => lines[n]?.text;
  return segmentLines(lines, 0, lines.length).map((s: Segment) => {
    if (s.kind === 'body') return `body ${lines[s.line]?.bytes} bytes`;
    if (s.kind === 'phase') return `${s.phase}: ${s.lines.map(text).join(' / ')}`;
    return s.steps.map((step) =>
      step.kind === 'note'
        ? `=== ${text(step.line)}`
        : `${text(step.exchange.command)} => ${step.exchange.reply.map(text).join(' / ') || '(no reply)'}`,
    );
  });
}

describe('pipelined bursts', () => {
  it('pairs MAIL, three RCPT and DATA with their five replies, in order', () => {
    expect(describeSegments([...pipelinedCommands, ...pipelinedReplies])).toEqual([
      [
        'MAIL FROM:<dev@mxray.example> => 250 2.1.0 Ok',
        'RCPT TO:<alice@reject.sandbox.test> => 250 2.1.5 Ok',
        'RCPT TO:<carol@reject.sandbox.test> => 550 5.1.1 <carol@reject.sandbox.test>: Recipient address rejected',
        'RCPT TO:<bob@reject.sandbox.test> => 250 2.1.5 Ok',
        'DATA => 354 End data with <CR><LF>.<CR><LF>',
      ],
    ]);
  });

  it('keeps a multi-line reply one reply, whether its lines come apart or joined', () => {
    const lines = [
      ...pipelinedCommands.slice(0, 3),
      line('mail', 'in', '250 2.1.0 Ok'),
      line('rcpt', 'in', '550-5.1.1 No such user here.'),
      line('rcpt', 'in', '550-5.1.1 Please check the address'),
      line('rcpt', 'in', '550 5.1.1 and try again.'),
      line('rcpt', 'in', '452-4.2.2 Mailbox full\n452 4.2.2 try later'),
      line('rset', 'out', 'RSET'),
      line('rset', 'in', '250 Ok'),
    ];
    expect(describeSegments(lines)).toEqual([
      [
        'MAIL FROM:<dev@mxray.example> => 250 2.1.0 Ok',
        'RCPT TO:<alice@reject.sandbox.test> => 550-5.1.1 No such user here. / 550-5.1.1 Please check the address / 550 5.1.1 and try again.',
        'RCPT TO:<carol@reject.sandbox.test> => 452-4.2.2 Mailbox full\n452 4.2.2 try later',
      ],
      'rset: RSET / 250 Ok',
    ]);
  });

  it('leaves a session without PIPELINING in phase groups, one command and its reply each', () => {
    const lines = [
      line('connect', 'note', 'Connected to 127.0.0.1:2525'),
      line('banner', 'in', '220 mx ESMTP'),
      line('helo', 'out', 'HELO me'),
      line('helo', 'in', '250 mx'),
      line('mail', 'out', 'MAIL FROM:<a@b.test>'),
      line('mail', 'in', '250 Ok'),
      line('rcpt', 'out', 'RCPT TO:<c@d.test>'),
      line('rcpt', 'in', '250 Ok'),
      line('rcpt', 'out', 'RCPT TO:<e@d.test>'),
      line('rcpt', 'in', '250 Ok'),
      line('data', 'out', 'DATA'),
      line('data', 'in', '354 go on'),
      line('body', 'out', 'From: a@b.test\n\n[message body: 12 bytes in all]', { bytes: 12 }),
      line('body', 'out', '.'),
      line('body', 'note', 'Message sent; waiting for the reply to the final dot.'),
      line('body', 'in', '250 queued'),
      line('quit', 'out', 'QUIT'),
      line('quit', 'in', '221 bye'),
    ];
    expect(describeSegments(lines)).toEqual([
      'connect: Connected to 127.0.0.1:2525',
      'banner: 220 mx ESMTP',
      'helo: HELO me / 250 mx',
      'mail: MAIL FROM:<a@b.test> / 250 Ok',
      'rcpt: RCPT TO:<c@d.test> / 250 Ok / RCPT TO:<e@d.test> / 250 Ok',
      'data: DATA / 354 go on',
      'body 12 bytes',
      'body: . / Message sent; waiting for the reply to the final dot. / 250 queued',
      'quit: QUIT / 221 bye',
    ]);
  });

  it('pairs by order, not by time: replies split across reads, a note between', () => {
    const [mail, alice, carol, bob, data] = pipelinedReplies as TranscriptLine[];
    const lines = [
      ...pipelinedCommands,
      { ...(mail as TranscriptLine), t: '2026-12-01T10:00:00.100Z' },
      { ...(alice as TranscriptLine), t: '2026-12-01T10:00:00.100Z' },
      line('rcpt', 'note', 'The server is slow to answer the rest.', { ms: 900 }),
      { ...(carol as TranscriptLine), t: '2026-12-01T10:00:01.500Z' },
      { ...(bob as TranscriptLine), t: '2026-12-01T10:00:01.500Z' },
      { ...(data as TranscriptLine), t: '2026-12-01T10:00:02.700Z' },
    ];
    const [burst] = describeSegments(lines);
    expect(burst).toEqual([
      'MAIL FROM:<dev@mxray.example> => 250 2.1.0 Ok',
      'RCPT TO:<alice@reject.sandbox.test> => 250 2.1.5 Ok',
      '=== The server is slow to answer the rest.',
      'RCPT TO:<carol@reject.sandbox.test> => 550 5.1.1 <carol@reject.sandbox.test>: Recipient address rejected',
      'RCPT TO:<bob@reject.sandbox.test> => 250 2.1.5 Ok',
      'DATA => 354 End data with <CR><LF>.<CR><LF>',
    ]);
  });

  it('ends a burst whose replies stopped coming with the note that says why', () => {
    const lines = [
      ...pipelinedCommands,
      ...pipelinedReplies.slice(0, 2),
      line('rcpt', 'note', 'The connection was lost while waiting for the reply to RCPT.'),
    ];
    expect(describeSegments(lines)).toEqual([
      [
        'MAIL FROM:<dev@mxray.example> => 250 2.1.0 Ok',
        'RCPT TO:<alice@reject.sandbox.test> => 250 2.1.5 Ok',
        'RCPT TO:<carol@reject.sandbox.test> => (no reply)',
        'RCPT TO:<bob@reject.sandbox.test> => (no reply)',
        'DATA => (no reply)',
        '=== The connection was lost while waiting for the reply to RCPT.',
      ],
    ]);
  });

  it('cuts a whole session: DNS first, the body apart, its dot and QUIT one burst', () => {
    expect(describeSegments(pipelinedSession)).toEqual([
      'dns: MX reject.sandbox.test (the sandbox: no DNS asked) → 1 host — 0 ms',
      'connect: Connecting to 127.0.0.1 port 2525 / Connected to 127.0.0.1:2525',
      'banner: 220 mx.reject.sandbox.test ESMTP',
      'ehlo: EHLO mxray.example / 250-mx.reject.sandbox.test / 250-PIPELINING / 250 8BITMIME',
      expect.arrayContaining(['DATA => 354 End data with <CR><LF>.<CR><LF>']),
      'body 269 bytes',
      [
        '=== Message sent; waiting for the reply to the final dot.',
        '. => 250 2.0.0 Ok: queued as 7F3A',
        'QUIT => 221 2.0.0 Bye',
      ],
    ]);
  });
});
