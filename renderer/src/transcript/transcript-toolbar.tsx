import { useEffect, useState } from 'react';
import type { TranscriptLine } from '../../../shared/smtp';
import { transcriptText } from '../../../shared/transcript-text';
import type { Direction } from './transcript-rows';

const dirNames: [Direction, string][] = [
  ['out', 'Sent'],
  ['in', 'Received'],
  ['note', 'Notes'],
];

type CopyState = 'idle' | 'copied' | 'failed';
const copyLabels: Record<CopyState, string> = {
  idle: 'Copy',
  copied: 'Copied',
  failed: 'Failed',
};

interface ToolbarProps {
  lines: TranscriptLine[];
  query: string;
  onQuery(query: string): void;
  matches: number;
  hit: number;
  onFind(step: 1 | -1): void;
  dirs: Set<Direction>;
  onDirs(dirs: Set<Direction>): void;
  relative: boolean;
  onRelative(relative: boolean): void;
}

/** Find (Enter / Shift+Enter step through hits), direction filters, time mode, copy. */
export function TranscriptToolbar(props: ToolbarProps) {
  const { lines, query, onQuery, matches, hit, onFind, dirs, onDirs, relative, onRelative } = props;
  const [copy, setCopy] = useState<CopyState>('idle');
  useEffect(() => {
    if (copy === 'idle') return;
    const timer = setTimeout(() => setCopy('idle'), 1500);
    return () => clearTimeout(timer);
  }, [copy]);
  const copyAll = async () => {
    try {
      // Absent outside a secure context, and refused without focus or permission.
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(transcriptText(lines));
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };
  return (
    <div className="transcript-toolbar">
      <input
        type="search"
        aria-label="Search the transcript"
        placeholder="Search…"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onFind(e.shiftKey ? -1 : 1);
        }}
      />
      {query && (
        <span className="t-hits" aria-live="polite">
          {matches ? `${hit + 1} of ${matches}` : 'no match'}
        </span>
      )}
      <fieldset className="t-filters" aria-label="Show">
        {dirNames.map(([dir, name]) => (
          <label key={dir} className={`t-filter dir-${dir}`}>
            <input
              type="checkbox"
              checked={dirs.has(dir)}
              onChange={(e) => {
                const next = new Set(dirs);
                if (e.target.checked) next.add(dir);
                else next.delete(dir);
                onDirs(next);
              }}
            />
            {name}
          </label>
        ))}
      </fieldset>
      <button
        type="button"
        className="button button-small"
        aria-pressed={relative}
        onClick={() => onRelative(!relative)}
        title="Absolute time of day, or milliseconds since the attempt began"
      >
        {relative ? 'Relative time' : 'Clock time'}
      </button>
      {/* Every label takes the same cell, so the button keeps the width of the longest. */}
      <button
        type="button"
        className="button button-small t-copy"
        onClick={copyAll}
        disabled={!lines.length}
      >
        {(Object.keys(copyLabels) as CopyState[]).map((state) => (
          <span key={state} className={state === copy ? undefined : 't-copy-other'}>
            {copyLabels[state]}
          </span>
        ))}
      </button>
      <span className="visually-hidden" role="status">
        {copy === 'copied' && 'Transcript copied'}
        {copy === 'failed' && 'Could not copy the transcript'}
      </span>
    </div>
  );
}
