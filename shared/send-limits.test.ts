import { describe, expect, it } from 'vitest';
import { MAX_CONTENT_BYTES, SendRequest } from './send';

const request = (attachments: number[], text = 'x') => ({
  envelope: { mailFrom: 'a@mxray.test', rcptTo: ['b@example.test'] },
  message: {
    from: 'a@mxray.test',
    to: ['b@example.test'],
    text,
    attachments: attachments.map((bytes, i) => ({
      filename: `f${i}.bin`,
      contentBase64: Buffer.alloc(bytes).toString('base64'),
    })),
  },
  route: { kind: 'server', server: { host: '127.0.0.1', port: 2525 } },
  session: {},
});

describe('what one message may carry', () => {
  it('takes up to 36 MB, bodies and attachments together, and refuses more from any caller', () => {
    const half = MAX_CONTENT_BYTES / 2;
    expect(SendRequest.safeParse(request([half - 10, half - 10])).success).toBe(true);
    const over = SendRequest.safeParse(request([half, half], 'a body that tips it over'));
    expect(over.success).toBe(false);
    expect(over.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['message.attachments', 'A message carries at most 36 MB, bodies and attachments together'],
    ]);
    // Multi-byte text counts in UTF-8 bytes, as it goes on the wire.
    const text = 'é'.repeat(MAX_CONTENT_BYTES / 2 + 1);
    expect(SendRequest.safeParse(request([], text)).success).toBe(false);
  });
});
