import type { ComposeDraft, PickedFile } from './compose-draft';

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

/**
 * Attachments go with the draft from page to page, in memory only: megabytes of base64 would
 * overflow sessionStorage, so a reload keeps the draft without them.
 */
let files: PickedFile[] = [];
export const rememberedFiles = () => files;
export function rememberFiles(picked: PickedFile[]) {
  files = picked;
}

export function forgetDraft() {
  sessionStorage.removeItem(KEY);
  files = [];
}
