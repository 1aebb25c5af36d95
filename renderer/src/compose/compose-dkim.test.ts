import { describe, expect, it } from 'vitest';
import type { DkimKeyInfo } from '../../../shared/dkim';
import { Settings, settingsDefaults } from '../../../shared/settings';
import { dkimWarning, reconcileDkim, withDkimKey } from './compose-dkim';
import { type ComposeDraft, checkDraft, errorsFromIssues, newDraft } from './compose-draft';

const settings = Settings.parse(settingsDefaults);
const draft = (patch: Partial<ComposeDraft> = {}): ComposeDraft => ({
  ...newDraft(settings),
  ...patch,
});
const key = (id: string, domain: string, selector = 's1'): DkimKeyInfo => ({
  id,
  domain,
  selector,
  algorithm: 'ed25519',
  bits: 256,
  txt: { name: `${selector}._domainkey.${domain}`, value: 'v=DKIM1', strings: [], zone: '' },
  createdAt: '2025-01-01T00:00:00.000Z',
  warnings: [],
});
const keys = [key('aaaa000011112222', 'mxray.example'), key('bbbb000011112222', 'other.test')];

describe('signing a draft with DKIM', () => {
  it('sends unsigned by default, and with the chosen key and canonicalization once chosen', () => {
    const plain = checkDraft(draft(), []);
    if (!('request' in plain)) throw new Error(JSON.stringify(plain.errors));
    expect(plain.request.dkim).toBeUndefined();

    const chosen = withDkimKey(draft({ dkimCanon: 'simple/relaxed' }), keys[0]);
    expect(chosen.dkimKeyName).toBe('s1._domainkey.mxray.example');
    const signed = checkDraft(chosen, []);
    if (!('request' in signed)) throw new Error(JSON.stringify(signed.errors));
    expect(signed.request.dkim).toEqual({
      keyId: 'aaaa000011112222',
      canonicalization: 'simple/relaxed',
    });
    expect(withDkimKey(chosen, undefined)).toMatchObject({ dkimKeyId: '', dkimKeyName: '' });
  });

  it("puts main's refusal of the dkim part next to the key choice", () => {
    expect(errorsFromIssues([{ path: 'dkim.keyId', message: 'Too long' }])).toEqual({
      dkimKeyId: 'Too long',
    });
  });

  it('resets a key deleted meanwhile, with a note naming it; a stored key stays', () => {
    const kept = withDkimKey(draft(), keys[1]);
    expect(reconcileDkim(kept, keys)).toEqual({ draft: kept, note: null });
    const gone = reconcileDkim(kept, [keys[0] as DkimKeyInfo]);
    expect(gone.draft).toMatchObject({ dkimKeyId: '', dkimKeyName: '' });
    expect(gone.note).toBe(
      'The DKIM key s1._domainkey.other.test was deleted, so the choice went back to no signature. Pick another key, or send unsigned.',
    );
    const none = draft();
    expect(reconcileDkim(none, [])).toEqual({ draft: none, note: null });
  });

  it('warns when the key does not sign for the From domain', () => {
    expect(dkimWarning(withDkimKey(draft(), keys[0]), keys)).toBeNull();
    expect(dkimWarning(withDkimKey(draft(), keys[1]), keys)).toBe(
      'DMARC will not align: From is mxray.example, the key signs for other.test.',
    );
    expect(dkimWarning(draft(), keys)).toBeNull();
  });
});
