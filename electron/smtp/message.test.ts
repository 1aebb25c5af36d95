import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMessage, MAX_LINE } from './message';

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
  it('keeps a 7-bit body with short lines byte for byte', async () => {
    const body = `plain ${'x'.repeat(120)}\n.\nend`;
    const raw = (await rawCompose(body)).toString();
    expect(raw).toContain('Content-Transfer-Encoding: 7bit\r\n');
    expect(raw.endsWith(`\r\n\r\n${body}`)).toBe(true);
  });

  it('sends 8-bit text and lines over 998 quoted-printable: 7-bit, short lines, same text', async () => {
    for (const body of [`Grüße ${'x'.repeat(120)}\r\n.\r\nend`, `a\r\n${'y'.repeat(5000)}\r\nz`]) {
      const raw = await rawCompose(body);
      expect(raw.toString()).toContain('Content-Transfer-Encoding: quoted-printable\r\n');
      expect(raw.toString()).toContain('Content-Type: text/plain; charset=utf-8\r\n');
      expect(raw.some((byte) => byte > 0x7f)).toBe(false);
      expect(longestLine(raw)).toBeLessThanOrEqual(78);
      expect((await simpleParser(raw)).text?.replace(/\n$/, '')).toBe(body.replace(/\r\n/g, '\n'));
    }
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

describe('the 998-character line limit (RFC 5322 §2.1.1)', () => {
  it('folds a subject with a 5,000-character word into encoded words that read back the same', async () => {
    const subject = `Report ${'z'.repeat(5000)}`;
    const raw = await composeMessage({
      from: 'a@mxray.test',
      to: ['b@example.test'],
      subject,
      text: 'x',
    });
    expect(longestLine(raw)).toBeLessThanOrEqual(MAX_LINE);
    expect((await simpleParser(raw)).subject).toBe(subject);
  });

  it('sends a composed body with a 5,000-character line within the limit', async () => {
    const text = `start\n${'w'.repeat(5000)}\nend`;
    const raw = await composeMessage({ from: 'a@mxray.test', to: ['b@example.test'], text });
    expect(longestLine(raw)).toBeLessThanOrEqual(MAX_LINE);
    expect((await simpleParser(raw)).text?.trim()).toBe(text);
  });

  it('refuses a From or To whose display name cannot be folded', async () => {
    const long = `${'N'.repeat(1200)} <a@mxray.test>`;
    await expect(composeMessage({ from: long, to: ['b@example.test'], text: 'x' })).rejects.toThrow(
      'The From header has 1,200 characters without a space',
    );
    await expect(composeMessage({ from: 'a@mxray.test', to: [long], text: 'x' })).rejects.toThrow(
      'The To header has 1,200 characters without a space',
    );
  });

  it('sends a body with a NUL byte quoted-printable, never as 7bit', async () => {
    const raw = await rawCompose('before\0after');
    expect(raw.includes(0)).toBe(false);
    expect(raw.toString()).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(raw.toString()).toContain('before=00after');
  });

  it('refuses a custom header that cannot be folded, saying why', async () => {
    await expect(
      composeMessage({
        from: 'a@mxray.test',
        to: ['b@example.test'],
        text: 'x',
        headers: [{ name: 'X-Token', value: 't'.repeat(5000) }],
      }),
    ).rejects.toThrow(
      'The X-Token header has 5,000 characters without a space: folded or not, a header line holds at most 998 (RFC 5322 §2.1.1).',
    );
  });
});

function rawCompose(body: string) {
  return composeMessage({
    from: 'a@mxray.test',
    to: ['b@example.test'],
    text: body,
    rawText: true,
  });
}

function longestLine(raw: Buffer): number {
  return Math.max(
    ...raw
      .toString('latin1')
      .split('\r\n')
      .map((l) => l.length),
  );
}
