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
