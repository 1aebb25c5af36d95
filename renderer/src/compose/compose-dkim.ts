import type { DkimKeyInfo } from '../../../shared/dkim';
import { dkimAlignment, keyName } from '../dkim/dkim-facts';
import { addressOf, type ComposeDraft } from './compose-draft';

/**
 * The draft's DKIM choice against the keys stored now: a key deleted since it was chosen (in
 * Settings, another window, an earlier run) is taken off the draft with a note saying so, so
 * the message is never sent expecting a signature that main would refuse to make.
 */
export function reconcileDkim(
  draft: ComposeDraft,
  keys: readonly DkimKeyInfo[],
): { draft: ComposeDraft; note: string | null } {
  if (!draft.dkimKeyId || keys.some((k) => k.id === draft.dkimKeyId)) return { draft, note: null };
  const which = draft.dkimKeyName ? `The DKIM key ${draft.dkimKeyName}` : 'The chosen DKIM key';
  return {
    draft: { ...draft, dkimKeyId: '', dkimKeyName: '' },
    note: `${which} was deleted, so the choice went back to no signature. Pick another key, or send unsigned.`,
  };
}

/** The draft with this key chosen ('' for none). */
export function withDkimKey(draft: ComposeDraft, key: DkimKeyInfo | undefined): ComposeDraft {
  return { ...draft, dkimKeyId: key?.id ?? '', dkimKeyName: key ? keyName(key) : '' };
}

/** DMARC's word on the chosen key and the From address, or null (no key, aligned, no From yet). */
export function dkimWarning(draft: ComposeDraft, keys: readonly DkimKeyInfo[]): string | null {
  const key = keys.find((k) => k.id === draft.dkimKeyId);
  return key ? dkimAlignment(addressOf(draft.from), key.domain) : null;
}
