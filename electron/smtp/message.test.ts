import { describe, expect, it } from 'vitest';
import { composeMessage } from './message';

describe('composeMessage', () => {
  it('builds a MIME message with encoded UTF-8 headers, both bodies and attachments', async () => {
    const raw = (
      await composeMessage({
        from: 'Zoë <zoe@mxray.test>',
        to: ['a@example.test'],
        cc: ['b@example.test'],
        subject: 'Grüße ✓',
        text: 'hello',
        html: '<b>hello</b>',
        headers: [{ name: 'X-Test-Run', value: '42' }],
        attachments: [
          { filename: 'report.csv', contentType: 'text/csv', content: Buffer.from('a,b\n1,2\n') },
        ],
        messageId: '<fixed@mxray.test>',
        date: new Date('2026-01-02T03:04:05Z'),
      })
    ).toString();
    expect(raw).toMatch(/^Subject: =\?UTF-8\?[QB]\?/m);
    expect(raw).toContain('Message-ID: <fixed@mxray.test>');
    expect(raw).toContain('Date: Fri, 02 Jan 2026 03:04:05 +0000');
    expect(raw).toContain('X-Test-Run: 42');
    expect(raw).toContain('Cc: b@example.test');
    expect(raw).toMatch(/Content-Type: multipart\/mixed/);
    expect(raw).toMatch(/Content-Type: text\/html/);
    expect(raw).toMatch(/filename=report\.csv/);
    expect(raw).not.toMatch(/[^\r]\n/);
  });

  it.each([
    [
      { subject: 'hi\r\nBcc: victim@example.test' },
      'The subject contains a line break; refusing to send it.',
    ],
    [
      { headers: [{ name: 'X-A', value: 'x\ny' }] },
      'The X-A header contains a line break; refusing to send it.',
    ],
    [{ headers: [{ name: 'Bad Name', value: 'x' }] }, '"Bad Name" is not a valid header name.'],
    [
      { to: ['a@b.test\r\nX: y'] },
      'A recipient header contains a line break; refusing to send it.',
    ],
  ])('refuses %j', async (extra, message) => {
    await expect(
      composeMessage({ from: 'a@mxray.test', to: ['b@example.test'], ...extra }),
    ).rejects.toThrow(message);
  });
});

describe('composeMessage with a body sent as given', () => {
  it('keeps the body bytes untouched and declares 8bit when needed', async () => {
    const body = `Grüße ${'x'.repeat(120)}\n.\nend`;
    const raw = (
      await composeMessage({
        from: 'a@mxray.test',
        to: ['b@example.test'],
        text: body,
        rawText: true,
      })
    ).toString();
    expect(raw).toContain('Content-Transfer-Encoding: 8bit\r\n');
    expect(raw).toContain('Content-Type: text/plain');
    expect(raw.endsWith(`\r\n\r\n${body}`)).toBe(true);
  });

  it('refuses to mix it with attachments', async () => {
    await expect(
      composeMessage({
        from: 'a@mxray.test',
        to: ['b@example.test'],
        text: 'x',
        rawText: true,
        attachments: [{ filename: 'a.txt', content: Buffer.from('a') }],
      }),
    ).rejects.toThrow('cannot be combined');
  });
});
