import { describe, expect, it } from 'vitest';
import { RpcCallError } from '../../../shared/rpc';
import { checkKeyDraft, emptyKeyDraft, type KeyDraft, keyErrorsFrom } from './dkim-key-draft';

const draft = (patch: Partial<KeyDraft>): KeyDraft => ({
  ...emptyKeyDraft(),
  domain: 'example.com',
  selector: 'mx1',
  ...patch,
});
const refusal = (message: string, issues?: { path: string; message: string }[]) =>
  new RpcCallError({ kind: 'bad-input', message, issues });

describe('the add-a-key form', () => {
  it('asks for the algorithm and size picked, and for no size with Ed25519', () => {
    expect(checkKeyDraft(draft({ kind: 'rsa-4096' }))).toEqual({
      how: 'generate',
      request: { domain: 'example.com', selector: 'mx1', algorithm: 'rsa', bits: 4096 },
    });
    expect(checkKeyDraft(draft({ kind: 'ed25519' }))).toEqual({
      how: 'generate',
      request: { domain: 'example.com', selector: 'mx1', algorithm: 'ed25519' },
    });
    expect(checkKeyDraft(draft({ how: 'import', pem: 'PEM' }))).toEqual({
      how: 'import',
      request: { domain: 'example.com', selector: 'mx1', pem: 'PEM' },
    });
  });

  it("refuses with main's own schema before asking, field by field", () => {
    expect(checkKeyDraft(draft({ domain: ' ', selector: 'a..b' }))).toEqual({
      errors: {
        domain: 'A domain is needed',
        selector:
          'Not a DKIM selector: it has an empty label (two dots in a row, or a dot at an end)',
      },
    });
    expect(checkKeyDraft(draft({ how: 'import', pem: '' }))).toMatchObject({
      errors: { pem: expect.any(String) },
    });
  });

  it("puts main's refusals next to the field they are about", () => {
    const badPem = 'This is not a PEM private key: expected a block …';
    expect(keyErrorsFrom(refusal(badPem), 'import')).toEqual({ pem: badPem });
    expect(keyErrorsFrom(refusal(badPem), 'generate')).toEqual({ form: badPem });
    const taken = 'A key for mx1._domainkey.example.com is already stored (0123); …';
    expect(keyErrorsFrom(refusal(taken), 'import')).toEqual({ selector: taken });
    const domain = '"example" is not a signing domain: it has a single label.';
    expect(keyErrorsFrom(refusal(domain), 'generate')).toEqual({ domain });
    expect(
      keyErrorsFrom(refusal('Invalid', [{ path: 'bits', message: 'An RSA key is …' }]), 'generate'),
    ).toEqual({ kind: 'An RSA key is …' });
    // Not the user's input (the store could not write): said for the whole form.
    const storage = new RpcCallError({ kind: 'storage', message: 'disk full' });
    expect(keyErrorsFrom(storage, 'import')).toEqual({ form: 'disk full' });
  });
});
