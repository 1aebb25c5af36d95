import { describe, expect, it } from 'vitest';
import { dkimAlignment, keyKind, keyName } from './dkim-facts';

describe('DKIM facts for the screen', () => {
  it('names a key where DNS publishes it, and its kind', () => {
    expect(keyName({ selector: 's1', domain: 'example.com' })).toBe('s1._domainkey.example.com');
    expect(keyKind({ algorithm: 'rsa', bits: 3072 })).toBe('RSA 3072');
    expect(keyKind({ algorithm: 'ed25519', bits: 256 })).toBe('Ed25519');
  });

  it('aligns the same domain and a subdomain either way, whatever the case or final dot', () => {
    expect(dkimAlignment('dev@example.com', 'example.com')).toBeNull();
    expect(dkimAlignment('dev@News.Example.com', 'example.com.')).toBeNull();
    expect(dkimAlignment('dev@example.com', 'mail.example.com')).toBeNull();
    // IDN: the key is stored with A-labels, From may be typed in Unicode.
    expect(dkimAlignment('dev@bücher.example', 'xn--bcher-kva.example')).toBeNull();
  });

  it('says why DMARC will not align another domain, or a look-alike suffix', () => {
    expect(dkimAlignment('dev@x.com', 'y.com')).toBe(
      'DMARC will not align: From is x.com, the key signs for y.com.',
    );
    expect(dkimAlignment('dev@notexample.com', 'example.com')).toBe(
      'DMARC will not align: From is notexample.com, the key signs for example.com.',
    );
  });

  it('says nothing while From is not an address yet', () => {
    expect(dkimAlignment(null, 'example.com')).toBeNull();
  });
});
