import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TranscriptLine } from '../../../shared/smtp';
import { bytes, timeOfDay } from '../ui/format';
import { phaseLabel } from './phase-label';
import { buildRows, type Direction, type Row } from './transcript-rows';
import { TranscriptToolbar } from './transcript-toolbar';

const ROW_HEIGHT = 20;
const lineCount = (n: number) => (n === 1 ? '1 line' : `${n} lines`);
const marks = { out: ['->', '~>'], in: ['<-', '<~'], note: ['===', '==='] } as const;

interface TranscriptViewProps {
  lines: TranscriptLine[];
  /** Bumped when lines were appended in place (live sessions). */
  version: number;
  live: boolean;
  /** The phase hovered elsewhere (the timeline): its lines light up here. */
  highlight?: { attempt: number; phase: string } | null;
  onHover?(target: { attempt: number; phase: string } | null): void;
}

/**
 * The transcript as Wireshark's "Follow TCP stream" shows it, in swaks' marks: one virtual
 * row per line (100,000 lines scroll like 100), grouped by attempt and phase, collapsible,
 * searchable, filtered by direction, pinned to the bottom while live until scrolled up.
 */
export function TranscriptView({ lines, version, live, highlight, onHover }: TranscriptViewProps) {
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const [dirs, setDirs] = useState<Set<Direction>>(() => new Set(['in', 'out', 'note']));
  const [query, setQuery] = useState('');
  const [relative, setRelative] = useState(false);
  const [hit, setHit] = useState(0);
  // A live transcript follows its newest line; a finished one opens at its start.
  const [pinned, setPinned] = useState(live);
  const scroller = useRef<HTMLDivElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: lines grow in place; version says so
  const { rows, matches } = useMemo(
    () => buildRows(lines, { collapsed, expanded, dirs, query }),
    [lines, version, collapsed, expanded, dirs, query],
  );
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    if (live) setPinned(true);
  }, [live]);
  // Still pinned when the session ends, so the last lines stay in view as it is stored.
  useEffect(() => {
    if (pinned && rows.length) virtual.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, pinned, virtual]);

  const goTo = (n: number) => {
    if (!matches.length) return;
    const next = (n + matches.length) % matches.length;
    setHit(next);
    setPinned(false);
    virtual.scrollToIndex(matches[next] ?? 0, { align: 'center' });
  };

  // Stable, so the memoised rows are not redrawn on every scroll frame.
  const toggle = useCallback((row: Row) => {
    const flip = (set: Set<string>) => {
      const next = new Set(set);
      if (next.has(row.key)) next.delete(row.key);
      else next.add(row.key);
      return next;
    };
    if (row.kind === 'phase' && row.startsClosed) setExpanded(flip);
    else setCollapsed(flip);
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    const atBottom = !!el && el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
    if (atBottom !== pinned) setPinned(atBottom);
  };

  return (
    <section className="transcript" aria-label="Transcript">
      <TranscriptToolbar
        lines={lines}
        query={query}
        onQuery={(q) => {
          setQuery(q);
          setHit(0);
        }}
        matches={matches.length}
        hit={hit}
        onFind={(step) => goTo(hit + step)}
        dirs={dirs}
        onDirs={setDirs}
        relative={relative}
        onRelative={setRelative}
      />
      <div
        className="transcript-scroll"
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-live="polite"
      >
        {rows.length === 0 && (
          <p className="transcript-empty">
            {query
              ? `No line matches "${query}".`
              : live
                ? 'Waiting for the first line…'
                : 'No lines to show.'}
          </p>
        )}
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const row = rows[item.index] as Row;
            return (
              <div
                key={row.key}
                className="transcript-row"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                <RowView
                  row={row}
                  relative={relative}
                  current={matches[hit] === item.index}
                  lit={
                    row.kind === 'line' &&
                    highlight?.attempt === row.line.attempt &&
                    highlight.phase === row.line.phase
                  }
                  onToggle={toggle}
                  onHover={onHover}
                />
              </div>
            );
          })}
        </div>
      </div>
      {live && !pinned && (
        <button
          type="button"
          className="button button-small transcript-live"
          onClick={() => setPinned(true)}
        >
          Jump to live ↓
        </button>
      )}
    </section>
  );
}

const RowView = memo(function RowView(props: {
  row: Row;
  relative: boolean;
  current: boolean;
  lit: boolean;
  onToggle(row: Row): void;
  onHover?(target: { attempt: number; phase: string } | null): void;
}) {
  const { row, relative, current, lit, onToggle, onHover } = props;
  if (row.kind === 'attempt') {
    return (
      <button
        type="button"
        className="t-attempt"
        aria-expanded={!row.collapsed}
        onClick={() => onToggle(row)}
      >
        <span className="t-caret">{row.collapsed ? '▸' : '▾'}</span> Attempt {row.attempt}
        <span className="t-meta">
          {lineCount(row.lines)} · {row.startedAt ? timeOfDay(row.startedAt) : ''}
        </span>
      </button>
    );
  }
  if (row.kind === 'phase') {
    return (
      <button
        type="button"
        className={`t-phase phase-${row.phase}`}
        aria-expanded={!row.collapsed}
        onClick={() => onToggle(row)}
      >
        <span className="t-caret">{row.collapsed ? '▸' : '▾'}</span>
        <span className="phase-chip">{phaseLabel(row.phase)}</span>
        <span className="t-meta">
          {row.phase === 'body' && row.bytes !== null
            ? `message body, ${bytes(row.bytes)}`
            : lineCount(row.lines)}
        </span>
      </button>
    );
  }
  const { line } = row;
  const time = relative
    ? `+${Math.max(0, Date.parse(line.t) - row.attemptStart)} ms`
    : timeOfDay(line.t);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: hover only mirrors the timeline's highlight, which keyboard users reach by focus
    <div
      className={`t-line dir-${line.dir}${line.tls ? ' tls' : ''}${row.match ? ' match' : ''}${current ? ' current' : ''}${lit ? ' lit' : ''}`}
      data-t={line.t}
      onMouseEnter={() => onHover?.({ attempt: line.attempt, phase: line.phase })}
      onMouseLeave={() => onHover?.(null)}
    >
      <span className="t-time">{time}</span>
      <span className={`t-bar phase-${line.phase}`} />
      <span className="t-mark">{marks[line.dir][line.tls ? 1 : 0]}</span>
      <span className="t-text">{row.text}</span>
    </div>
  );
});
