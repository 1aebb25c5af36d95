import type { TranscriptLine } from '../../../../shared/smtp';

/** A transcript line for the tests; `ms` after 10:00:00 UTC. */
export const line = (
  phase: TranscriptLine['phase'],
  dir: TranscriptLine['dir'],
  text: string,
  more: { attempt?: number; ms?: number; bytes?: number } = {},
): TranscriptLine => ({
  t: new Date(Date.UTC(2026, 11, 1, 10, 0, 0, more.ms ?? 0)).toISOString(),
  attempt: more.attempt ?? 1,
  phase,
  dir,
  tls: false,
  text,
  ...(more.bytes ? { bytes: more.bytes } : {}),
});

/** The commands of one pipelined transaction: MAIL, three RCPT and DATA in one write. */
export const pipelinedCommands = [
  line('mail', 'out', 'MAIL FROM:<dev@mxray.example>', { ms: 40 }),
  line('rcpt', 'out', 'RCPT TO:<alice@reject.sandbox.test>', { ms: 40 }),
  line('rcpt', 'out', 'RCPT TO:<carol@reject.sandbox.test>', { ms: 40 }),
  line('rcpt', 'out', 'RCPT TO:<bob@reject.sandbox.test>', { ms: 40 }),
  line('data', 'out', 'DATA', { ms: 40 }),
];

/** Their replies, in order, each with the phase of the command it answers (as the engine does). */
export const pipelinedReplies = [
  line('mail', 'in', '250 2.1.0 Ok', { ms: 52 }),
  line('rcpt', 'in', '250 2.1.5 Ok', { ms: 52 }),
  line('rcpt', 'in', '550 5.1.1 <carol@reject.sandbox.test>: Recipient address rejected', {
    ms: 52,
  }),
  line('rcpt', 'in', '250 2.1.5 Ok', { ms: 52 }),
  line('data', 'in', '354 End data with <CR><LF>.<CR><LF>', { ms: 52 }),
];

/** A whole pipelined session as the engine records it, DNS first, the body with QUIT. */
export const pipelinedSession: TranscriptLine[] = [
  line('dns', 'note', 'MX reject.sandbox.test (the sandbox: no DNS asked) → 1 host — 0 ms'),
  line('connect', 'note', 'Connecting to 127.0.0.1 port 2525', { ms: 1 }),
  line('connect', 'note', 'Connected to 127.0.0.1:2525', { ms: 2 }),
  line('banner', 'in', '220 mx.reject.sandbox.test ESMTP', { ms: 10 }),
  line('ehlo', 'out', 'EHLO mxray.example', { ms: 11 }),
  line('ehlo', 'in', '250-mx.reject.sandbox.test', { ms: 20 }),
  line('ehlo', 'in', '250-PIPELINING', { ms: 20 }),
  line('ehlo', 'in', '250 8BITMIME', { ms: 20 }),
  ...pipelinedCommands,
  ...pipelinedReplies,
  line('body', 'out', 'From: dev@mxray.example\n\n[message body: 269 bytes in all]', {
    ms: 53,
    bytes: 269,
  }),
  line('body', 'out', '.', { ms: 53 }),
  line('quit', 'out', 'QUIT', { ms: 53 }),
  line('body', 'note', 'Message sent; waiting for the reply to the final dot.', { ms: 54 }),
  line('body', 'in', '250 2.0.0 Ok: queued as 7F3A', { ms: 70 }),
  line('quit', 'in', '221 2.0.0 Bye', { ms: 71 }),
];
