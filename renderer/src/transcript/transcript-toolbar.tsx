import { useState } from 'react';
import type { TranscriptLine } from '../../../shared/smtp';
import { transcriptText } from '../../../shared/transcript-text';
import type { Direction } from './transcript-rows';

const dirNames: [Direction, string][] = [
  ['out', 'Sent'],
  ['in', 'Received'],
  ['note', 'Notes'],
];

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
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(transcriptText(lines));
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
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
      <button type="button" className="button button-small" onClick={copy} disabled={!lines.length}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
