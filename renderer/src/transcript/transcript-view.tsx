import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type CSSProperties,
  memo,
  type ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { TranscriptLine } from '../../../shared/smtp';
import { bytes, timeOfDay } from '../ui/format';
import { phaseLabel } from './phase-label';
import { buildRows, type Direction, type Row, type Side } from './transcript-rows';
import { TranscriptToolbar } from './transcript-toolbar';

const ROW_HEIGHT = 20;
const counted = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const lineCount = (n: number) => counted(n, 'line');
const marks = { out: ['->', '~>'], in: ['<-', '<~'], note: ['===', '==='] } as const;
const mark = (line: TranscriptLine) => marks[line.dir][line.tls ? 1 : 0];
type Target = { attempt: number; phase: string };
const isLit = (line: TranscriptLine, target: Target) =>
  target.attempt === line.attempt && target.phase === line.phase;
const linesOf = (row: Row): TranscriptLine[] =>
  row.kind === 'line'
    ? [row.line]
    : row.kind === 'exchange'
      ? [row.command, row.reply].flatMap((side) => (side ? [side.line] : []))
      : [];
/** What a pipelined burst's header counts: what the filters left of it. */
const burstMeta = (row: Extract<Row, { kind: 'burst' }>) =>
  [
    'pipelined',
    row.commands && counted(row.commands, 'command'),
    row.replies && counted(row.replies, 'reply', 'replies'),
    row.notes && counted(row.notes, 'note'),
  ]
    .filter(Boolean)
    .join(' · ');

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
                  lit={!!highlight && linesOf(row).some((l) => isLit(l, highlight))}
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
      <Toggle row={row} className="t-attempt" onToggle={onToggle}>
        {' '}
        Attempt {row.attempt}
        <span className="t-meta">
          {lineCount(row.lines)} · {row.startedAt ? timeOfDay(row.startedAt) : ''}
        </span>
      </Toggle>
    );
  }
  if (row.kind === 'burst') {
    return (
      <Toggle row={row} className="t-phase t-burst" onToggle={onToggle}>
        {row.phases.map(({ phase, count }, n) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the same phase may come twice (RSET, MAIL…)
          <span key={n} className={`phase-chip phase-${phase}`}>
            {phaseLabel(phase)}
            {count > 1 && ` ×${count}`}
          </span>
        ))}
        <span className="t-meta">{burstMeta(row)}</span>
      </Toggle>
    );
  }
  if (row.kind === 'phase') {
    return (
      <Toggle row={row} className={`t-phase phase-${row.phase}`} onToggle={onToggle}>
        <span className="phase-chip">{phaseLabel(row.phase)}</span>
        <span className="t-meta">
          {row.phase === 'body' && row.bytes !== null
            ? `message body, ${bytes(row.bytes)}`
            : lineCount(row.lines)}
        </span>
      </Toggle>
    );
  }
  const time = (line: TranscriptLine) =>
    relative ? `+${Math.max(0, Date.parse(line.t) - row.attemptStart)} ms` : timeOfDay(line.t);
  if (row.kind === 'exchange') {
    const { command, reply } = row;
    const first = (command ?? reply) as Side;
    return (
      // biome-ignore lint/a11y/noStaticElementInteractions: as for a line, below
      <div
        className={`t-line t-exchange${current ? ' current' : ''}${lit ? ' lit' : ''}`}
        data-t={first.line.t}
        onMouseEnter={() => onHover?.({ attempt: first.line.attempt, phase: first.line.phase })}
        onMouseLeave={() => onHover?.(null)}
      >
        <span className="t-time">{command ? time(command.line) : ''}</span>
        <span className={`t-bar phase-${first.line.phase}`} />
        <span
          className={sideClass(command, 't-command')}
          style={{ '--command-width': `${row.width}ch` } as CSSProperties}
        >
          {command && <SideText side={command} />}
        </span>
        {reply && (
          <span
            className={sideClass(reply, 't-reply')}
            title={`Received ${timeOfDay(reply.line.t)}, ${time(reply.line)}`}
          >
            <SideText side={reply} />
          </span>
        )}
      </div>
    );
  }
  const { line } = row;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: hover only mirrors the timeline's highlight, which keyboard users reach by focus
    <div
      className={`t-line dir-${line.dir}${line.tls ? ' tls' : ''}${row.match ? ' match' : ''}${current ? ' current' : ''}${lit ? ' lit' : ''}`}
      data-t={line.t}
      onMouseEnter={() => onHover?.({ attempt: line.attempt, phase: line.phase })}
      onMouseLeave={() => onHover?.(null)}
    >
      <span className="t-time">{time(line)}</span>
      <span className={`t-bar phase-${line.phase}`} />
      <span className="t-mark">{mark(line)}</span>
      <span className="t-text">{row.text}</span>
    </div>
  );
});

/** A header: opens and closes what is under it. */
function Toggle(props: {
  row: Extract<Row, { collapsed: boolean }>;
  className: string;
  onToggle(row: Row): void;
  children: ReactNode;
}) {
  const { row, className, onToggle, children } = props;
  return (
    <button
      type="button"
      className={className}
      aria-expanded={!row.collapsed}
      onClick={() => onToggle(row)}
    >
      <span className="t-caret">{row.collapsed ? '▸' : '▾'}</span>
      {children}
    </button>
  );
}

const sideClass = (side: Side | null, kind: string) =>
  `t-side ${kind}${side ? ` dir-${side.line.dir}${side.line.tls ? ' tls' : ''}${side.match ? ' match' : ''}` : ''}`;

function SideText({ side }: { side: Side }) {
  return (
    <>
      <span className="t-mark">{mark(side.line)}</span>
      <span className="t-text">{side.text}</span>
    </>
  );
}
