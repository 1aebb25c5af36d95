import { describe, expect, it } from 'vitest';
import { inboxHeader } from './inbox-headers';

describe('inbox headers', () => {
  it('decodes RFC 2047 encoded words, Q and B, and keeps the value as received', () => {
    expect(inboxHeader('Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_MXray?=')).toEqual({
      name: 'Subject',
      value: '=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_MXray?=',
      decoded: 'Grüße aus MXray',
    });
    expect(inboxHeader('From: =?utf-8?B?SsO2cmc=?= <j@example.com>').decoded).toBe(
      'Jörg <j@example.com>',
    );
  });

  it('unfolds a folded value, words split across lines included', () => {
    const line = 'Subject: =?UTF-8?Q?caf=C3=A9?=\r\n =?UTF-8?Q?_cr=C3=A8me?=';
    expect(inboxHeader(line)).toMatchObject({ decoded: 'café crème' });
  });

  it('leaves a value without encoded words as it is, with nothing decoded', () => {
    expect(inboxHeader('X-Test:  plain =? not a word ?=')).toEqual({
      name: 'X-Test',
      value: 'plain =? not a word ?=',
    });
  });
});
