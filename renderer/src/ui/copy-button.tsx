import { useEffect, useState } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

/** Put text on the clipboard; the state says, for 2.5 s, whether it got there. */
export function useCopy(text: string): { copy: CopyState; run(): Promise<void> } {
  const [copy, setCopy] = useState<CopyState>('idle');

  // The confirmation is a moment's feedback, not a state to keep.
  useEffect(() => {
    if (copy === 'idle') return;
    const timer = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copy]);

  async function run() {
    try {
      // Absent outside a secure context, and refused without focus or permission.
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  }
  return { copy, run };
}

/**
 * A Copy button that says, beside itself, whether the text reached the clipboard. `label`
 * names what is copied for screen readers ("Copy the record name").
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { copy, run } = useCopy(text);
  return (
    <span className="copy-button">
      <button type="button" className="button button-small" aria-label={label} onClick={run}>
        Copy
      </button>
      <span
        className={copy === 'failed' ? 'copy-note copy-note-failed' : 'copy-note'}
        role="status"
      >
        {copy === 'copied' && 'Copied'}
        {copy === 'failed' && 'Could not copy: select it and copy by hand'}
      </span>
    </span>
  );
}
