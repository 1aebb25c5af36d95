import type { ComposeDraft } from './compose-draft';

const KEY = 'mxray.compose.draft';

/** The draft survives switching pages and reloads in this window; the AUTH password never does. */
export function rememberedDraft(fallback: ComposeDraft): ComposeDraft {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<ComposeDraft> | null;
    return saved ? { ...fallback, ...saved, authPass: '' } : fallback;
  } catch {
    return fallback;
  }
}

export function rememberDraft(draft: ComposeDraft) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ ...draft, authPass: '' }));
  } catch {
    // Storage full or disabled: the draft just does not outlive the page.
  }
}

export function forgetDraft() {
  sessionStorage.removeItem(KEY);
}
