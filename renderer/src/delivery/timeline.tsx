import { Fragment } from 'react';
import type { AttemptRecord } from '../../../shared/send';
import type { PhaseTiming } from '../../../shared/smtp';
import { phaseLabel } from '../transcript/phase-label';
import { ms } from '../ui/format';
import { waterfallAxis } from './waterfall-axis';

interface TimelineRow {
  n: number;
  label: string;
  startedAt: number;
  durationMs: number;
  timings: PhaseTiming[];
  live: boolean;
  /** The attempt went on after its last phase ended, waiting for a reply that never came
   *  (a greeting from a silent host, until the race or a timeout ended it). */
  wait: { from: number; ms: number; why: string } | null;
}

/** Shorter waits are the gap between a reply and the next timing: nothing to draw. */
const SILENT_WAIT_MS = 50;

function silentWait(a: AttemptRecord): TimelineRow['wait'] {
  const start = Date.parse(a.startedAt);
  const lastEnd = Math.max(start, ...a.timings.map((t) => Date.parse(t.startedAt) + t.durationMs));
  const waited = Date.parse(a.endedAt) - lastEnd;
  if (waited < SILENT_WAIT_MS) return null;
  const after = a.timings.at(-1)?.phase;
  const what = after === 'connect' ? 'the greeting' : 'a reply';
  return { from: lastEnd - start, ms: waited, why: `Waited for ${what}, none came (${a.outcome})` };
}

interface TimelineProps {
  attempts: AttemptRecord[];
  /** The running attempts' phases so far (several while a staggered connect races them). */
  live: { n: number; label: string; timings: PhaseTiming[] }[];
  highlight: { attempt: number; phase: string } | null;
  onHover(target: { attempt: number; phase: string } | null): void;
  /** What to say when no attempt has phases: why nothing was dialled, once that is known. */
  idle?: string | null;
}

/**
 * DevTools' waterfall: a row per attempt, a segment per phase on one time axis. Raced attempts
 * overlap on it as they did on the wire; waits between retries (minutes, for greylisting) are
 * cut out and marked, so each attempt stays readable (waterfall-axis.ts).
 */
export function Timeline({ attempts, live, highlight, onHover, idle }: TimelineProps) {
  const rows: TimelineRow[] = attempts.map((a) => ({
    n: a.n,
    label: `${a.host} ${a.ip}`,
    startedAt: Date.parse(a.startedAt),
    durationMs: Math.max(1, Date.parse(a.endedAt) - Date.parse(a.startedAt)),
    timings: a.timings,
    live: false,
    wait: silentWait(a),
  }));
  for (const running of live) {
    if (!running.timings.length) continue;
    const start = Math.min(...running.timings.map((t) => Date.parse(t.startedAt)));
    const end = Math.max(...running.timings.map((t) => Date.parse(t.startedAt) + t.durationMs));
    rows.push({
      n: running.n,
      label: running.label,
      startedAt: start,
      durationMs: Math.max(1, end - start),
      timings: running.timings,
      live: true,
      wait: null,
    });
  }
  rows.sort((a, b) => a.n - b.n);
  if (rows.length === 0) {
    return (
      <section className="timeline" aria-label="Timeline">
        <div className="section-head">
          <h3>Timeline</h3>
        </div>
        <p className="section-empty">{idle ?? 'Phases appear here as the first attempt runs.'}</p>
      </section>
    );
  }
  const { left: lefts, gapBefore, total } = waterfallAxis(rows);
  return (
    <section className="timeline" aria-label="Timeline">
      <div className="section-head">
        <h3>Timeline</h3>
        <span className="section-note">
          {ms(total)} on the wire over {rows.length} attempt{rows.length === 1 ? '' : 's'}
        </span>
      </div>
      <div className="waterfall">
        {rows.map((row, i) => {
          const left = lefts[i] ?? 0;
          const gap = gapBefore[i] ?? 0;
          return (
            <Fragment key={row.n}>
              {/* On a line of its own between the attempts, where the axis is cut: never
                  beside the address, which may take the whole label. */}
              {gap > 2000 && (
                <div className="wf-row wf-gap">
                  <span>{ms(gap)} later</span>
                  <span className="wf-cut" />
                </div>
              )}
              <div className={`wf-row${row.live ? ' live' : ''}`}>
                <div className="wf-label" title={row.label}>
                  <strong>#{row.n}</strong> <span className="mono">{row.label}</span>
                </div>
                <div className="wf-track">
                  {row.timings.map((t) => {
                    const start = left + (Date.parse(t.startedAt) - row.startedAt);
                    const lit = highlight?.attempt === row.n && highlight.phase === t.phase;
                    const title = `${phaseLabel(t.phase)}: +${ms(Date.parse(t.startedAt) - row.startedAt)}, took ${ms(t.durationMs)}${t.reply ? `, ${t.reply.code}` : ''}`;
                    return (
                      <button
                        type="button"
                        key={`${t.phase}-${t.startedAt}`}
                        className={`wf-seg phase-${t.phase}${lit ? ' lit' : ''}${t.reply && t.reply.code >= 400 ? ' failed' : ''}`}
                        style={{
                          left: `${(start / total) * 100}%`,
                          width: `max(3px, ${(t.durationMs / total) * 100}%)`,
                        }}
                        title={title}
                        aria-label={title}
                        onMouseEnter={() => onHover({ attempt: row.n, phase: t.phase })}
                        onMouseLeave={() => onHover(null)}
                        onFocus={() => onHover({ attempt: row.n, phase: t.phase })}
                        onBlur={() => onHover(null)}
                      />
                    );
                  })}
                  {row.wait && (
                    <span
                      className="wf-seg wf-wait"
                      style={{
                        left: `${((left + row.wait.from) / total) * 100}%`,
                        width: `max(3px, ${(row.wait.ms / total) * 100}%)`,
                      }}
                      title={`${row.wait.why}: ${ms(row.wait.ms)}`}
                      role="img"
                      aria-label={`${row.wait.why}: ${ms(row.wait.ms)}`}
                    />
                  )}
                </div>
                <div className="wf-total">{ms(row.durationMs)}</div>
              </div>
            </Fragment>
          );
        })}
      </div>
      <Legend timings={rows.flatMap((r) => r.timings)} />
    </section>
  );
}

function Legend({ timings }: { timings: PhaseTiming[] }) {
  const phases = [...new Set(timings.map((t) => t.phase))];
  return (
    <div className="wf-legend">
      {phases.map((p) => (
        <span key={p} className={`wf-key phase-${p}`}>
          <span className="wf-swatch" />
          {phaseLabel(p)}
        </span>
      ))}
    </div>
  );
}
