import { describe, expect, it } from 'vitest';
import { ProtocolError, ReplyParser } from './reply-parser';

const ehlo = Buffer.from(
  '250-mx.example.test Hello\r\n250-PIPELINING\r\n250-SIZE 35882577\r\n250 SMTPUTF8\r\n',
);

describe('reply parser', () => {
  it('reads a multi-line reply split at every byte offset, in two and in three pieces', () => {
    for (let a = 0; a <= ehlo.length; a++) {
      for (const b of [a, Math.min(ehlo.length, a + 7)]) {
        const parser = new ReplyParser();
        const replies = [ehlo.subarray(0, a), ehlo.subarray(a, b), ehlo.subarray(b)].flatMap(
          (chunk) => parser.push(chunk),
        );
        expect(replies, `cuts ${a}/${b}`).toEqual([
          {
            code: 250,
            enhanced: null,
            text: 'mx.example.test Hello\nPIPELINING\nSIZE 35882577\nSMTPUTF8',
            lines: ['mx.example.test Hello', 'PIPELINING', 'SIZE 35882577', 'SMTPUTF8'],
          },
        ]);
      }
    }
  });

  it('returns several replies from one chunk, in order', () => {
    const parser = new ReplyParser();
    const replies = parser.push(
      Buffer.from('250 2.1.0 Ok\r\n550 5.1.1 <x@y> User unknown\r\n354 go\r\n'),
    );
    expect(replies.map((r) => [r.code, r.enhanced])).toEqual([
      [250, '2.1.0'],
      [550, '5.1.1'],
      [354, null],
    ]);
  });

  it('reads an enhanced code only when its class matches the reply', () => {
    const parser = new ReplyParser();
    expect(
      parser.push(Buffer.from('451 4.7.1 Greylisted, try again in 300 seconds\r\n'))[0]?.enhanced,
    ).toBe('4.7.1');
    expect(parser.push(Buffer.from('250 5.0.0 nonsense\r\n'))[0]?.enhanced).toBeNull();
    expect(parser.push(Buffer.from('250 2.0.0\r\n'))[0]?.enhanced).toBe('2.0.0');
  });

  it('accepts a bare code and lines ending in LF only', () => {
    const parser = new ReplyParser();
    expect(parser.push(Buffer.from('250\n220-a\n220 b\n')).map((r) => r.text)).toEqual([
      '',
      'a\nb',
    ]);
  });

  it.each([
    ['HTTP/1.1 200 OK\r\n', 'The server sent "HTTP/1.1 200 OK", which is not an SMTP reply.'],
    ['600 no\r\n', 'The server replied with code 600; SMTP replies are 2xx to 5xx.'],
    ['199 no\r\n', 'The server replied with code 199; SMTP replies are 2xx to 5xx.'],
    ['250-a\r\n251 b\r\n', 'A multi-line reply changed its code from 250 to 251.'],
    ['25\r\n', 'The server sent "25", which is not an SMTP reply.'],
  ])('refuses %j', (input, message) => {
    expect(() => new ReplyParser().push(Buffer.from(input))).toThrow(new ProtocolError(message));
  });

  it('refuses a line over 64 KiB without buffering it all, even when it arrives in small pieces', () => {
    const parser = new ReplyParser();
    const piece = Buffer.alloc(4096, 0x78);
    expect(() => {
      for (let i = 0; i < 20; i++) parser.push(piece);
    }).toThrow('longer than 64 KiB');
  });

  it('refuses a reply with too many lines', () => {
    const parser = new ReplyParser();
    expect(() => parser.push(Buffer.from('250-x\r\n'.repeat(1001)))).toThrow(
      'more than 1000 lines',
    );
  });
});
