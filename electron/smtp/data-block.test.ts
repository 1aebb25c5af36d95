import { describe, expect, it } from 'vitest';
import { hasEightBitBytes, toDataBlock, withCrlfLines } from './data-block';

const block = (s: string) => toDataBlock(Buffer.from(s, 'latin1')).toString('latin1');

describe('DATA block', () => {
  it('makes every line break CRLF: lone LF, lone CR, and CRLF kept', () => {
    expect(block('a\nb\rc\r\nd')).toBe('a\r\nb\r\nc\r\nd\r\n.\r\n');
  });

  it('withCrlfLines gives the same lines (what DKIM signs), without dot-stuffing or the final dot', () => {
    const crlf = (s: string) => withCrlfLines(Buffer.from(s, 'latin1')).toString('latin1');
    expect(crlf('a\nb\rc\r\n.d')).toBe('a\r\nb\r\nc\r\n.d\r\n');
    expect(crlf('x\r\n')).toBe('x\r\n');
    expect(block(crlf('.x\ny'))).toBe(block('.x\ny'));
  });

  it('turns CR CR LF into two line breaks, never a bare CR', () => {
    expect(block('a\r\r\nb')).toBe('a\r\n\r\nb\r\n.\r\n');
  });

  it('dot-stuffs every line that starts with a dot, whatever broke the line before it', () => {
    expect(block('.\n.\r\n..x\r.y\n')).toBe('..\r\n..\r\n...x\r\n..y\r\n.\r\n');
    expect(block('.starts')).toBe('..starts\r\n.\r\n');
  });

  it('can never contain an end-of-data or smuggling sequence before its own end', () => {
    const hostile = 'x\n.\nMAIL FROM:<evil>\r\n.\r\nDATA\r.\rx\n.\r\r\n';
    const out = block(hostile);
    const body = out.slice(0, -3);
    expect(body).not.toMatch(/\r\n\.\r\n/);
    expect(body).not.toMatch(/(^|[^\r])\n/);
    expect(body).not.toMatch(/\r(?!\n)/);
    expect(out.endsWith('\r\n.\r\n')).toBe(true);
  });

  it('adds the final CRLF when the message lacks it, and nothing twice', () => {
    expect(block('end')).toBe('end\r\n.\r\n');
    expect(block('end\r\n')).toBe('end\r\n.\r\n');
    expect(block('')).toBe('.\r\n');
  });

  it('spots 8-bit bytes', () => {
    expect(hasEightBitBytes(Buffer.from('plain ascii'))).toBe(false);
    expect(hasEightBitBytes(Buffer.from('Grüße'))).toBe(true);
  });
});
