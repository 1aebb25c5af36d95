/** An attempt's span on the wall clock, in milliseconds. */
export interface Span {
  startedAt: number;
  durationMs: number;
}

export interface Axis {
  /** Where each span starts on the axis, in the order given. */
  left: number[];
  /** Time cut out before each span (0 unless it opens a new cluster after a wait). */
  gapBefore: number[];
  /** The axis' length: the sum of the clusters' spans. */
  total: number;
}

/**
 * One time axis for a delivery's attempts: attempts that overlap (a staggered connect races
 * them) share a stretch of it, drawn side by side as they happened; the waits between
 * clusters (minutes, for greylisting) are cut out, so each attempt stays readable.
 */
export function waterfallAxis(spans: readonly Span[]): Axis {
  const at = (i: number) => (spans[i] as Span).startedAt;
  const order = spans.map((_, i) => i).sort((a, b) => at(a) - at(b));
  const left = spans.map(() => 0);
  const gapBefore = spans.map(() => 0);
  let total = 0;
  let cluster: { start: number; end: number; offset: number } | null = null;
  for (const i of order) {
    const span = spans[i] as Span;
    const end = span.startedAt + span.durationMs;
    if (!cluster || span.startedAt >= cluster.end) {
      const gap = cluster ? span.startedAt - cluster.end : 0;
      if (cluster) total += cluster.end - cluster.start;
      cluster = { start: span.startedAt, end, offset: total };
      gapBefore[i] = gap;
    } else {
      cluster.end = Math.max(cluster.end, end);
    }
    left[i] = cluster.offset + (span.startedAt - cluster.start);
  }
  if (cluster) total += cluster.end - cluster.start;
  return { left, gapBefore, total: Math.max(1, total) };
}
