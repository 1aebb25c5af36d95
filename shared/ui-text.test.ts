import { describe, expect, it } from 'vitest';
import { enhancedMeaning, explainEnhanced } from './enhanced-codes';
import { SendRequest } from './send';
import { shellQuote, swaksCommand } from './swaks-command';
import { transcriptText } from './transcript-text';

describe('RFC 3463 in plain words', () => {
  it('explains the codes people meet', () => {
    expect(enhancedMeaning('5.1.1')).toBe('the mailbox does not exist');
    expect(enhancedMeaning('4.2.2')).toBe('the mailbox is full');
    expect(enhancedMeaning('4.7.1')).toBe(
      'delivery is not authorized: the message was refused by policy',
    );
    expect(enhancedMeaning('5.1.10')).toBe(
      'the recipient domain publishes a null MX: it takes no mail',
    );
    // An unknown detail falls back to its subject; not a code at all gives null.
    expect(enhancedMeaning('5.1.99')).toBe('something is wrong with an address');
    expect(enhancedMeaning('6.1.1')).toBeNull();
    expect(enhancedMeaning(null)).toBeNull();
    expect(explainEnhanced('5.1.1')).toBe(
      '5.1.1 — the mailbox does not exist (permanent: retrying will not help)',
    );
  });
});

describe('exports', () => {
  it('writes a transcript with swaks marks and a note per attempt', () => {
    const line = (attempt: number, dir: 'in' | 'out' | 'note', text: string, tls = false) => ({
      t: '2026-12-01T10:00:00.000Z',
      attempt,
      dir,
      tls,
      phase: 'ehlo' as const,
      text,
    });
    expect(
      transcriptText([
        line(1, 'note', 'Connecting to 127.0.0.1 port 25'),
        line(2, 'in', '250-mx\n250 PIPELINING'),
        line(2, 'out', 'MAIL FROM:<a@b>', true),
      ]),
    ).toBe(
      '=== Attempt 1\n=== Connecting to 127.0.0.1 port 25\n=== Attempt 2\n<- 250-mx\n<- 250 PIPELINING\n~> MAIL FROM:<a@b>\n',
    );
    // An export names where each attempt went.
    const attempts = [{ n: 2, host: 'mx2.failover.test', ip: '127.0.0.82', port: 25 }];
    expect(transcriptText([line(2, 'in', '220 hi')], { attempts })).toBe(
      '=== Attempt 2: mx2.failover.test (127.0.0.82 port 25)\n<- 220 hi\n',
    );
  });

  it('copies as a swaks command, quoted for a shell, with no password', () => {
    const request = SendRequest.parse({
      envelope: {
        mailFrom: 'me@mxray.test',
        rcptTo: ['you@ok.sandbox.test', 'bob@ok.sandbox.test'],
      },
      message: {
        from: 'Me <me@mxray.test>',
        to: ['you@ok.sandbox.test'],
        subject: "It's here",
        text: 'Hello\nthere',
        headers: [{ name: 'X-Test', value: '1' }],
      },
      route: { kind: 'mx' },
      session: { helo: 'me.mxray.test', quitAfter: 'rcpt', auth: { user: 'u', pass: 'secret' } },
    });
    const command = swaksCommand(request, { host: '127.0.0.1', port: 2525 });
    expect(command).toBe(
      "swaks --from me@mxray.test --to you@ok.sandbox.test,bob@ok.sandbox.test --server 127.0.0.1 --port 2525 --helo me.mxray.test --tls-optional --pipeline --auth --auth-user u --quit-after RCPT --header 'From: Me <me@mxray.test>' --header 'To: you@ok.sandbox.test' --header 'Subject: It'\\''s here' --header 'X-Test: 1' --body 'Hello\nthere'",
    );
    expect(command).not.toContain('secret');
    expect(shellQuote('a b')).toBe("'a b'");
    // A body swaks would read as a file name goes through stdin instead.
    const at = SendRequest.parse({ ...request, message: { ...request.message, text: '@home' } });
    expect(swaksCommand(at, { host: '::1', port: 25 })).toMatch(
      /^printf '%s\\n' @home \| swaks .* --server ::1 --port 25 .* --body -$/,
    );
  });
});
