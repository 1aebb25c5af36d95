// Preloaded into `mxray web` by bench/ui.ts (node --require): the main process's event-loop
// delay, printed as one JSON line on stderr at each SIGUSR2, then reset.
const { monitorEventLoopDelay } = require('node:perf_hooks');

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
process.on('SIGUSR2', () => {
  const ms = (ns) => Number((ns / 1e6).toFixed(1));
  process.stderr.write(
    `loop-lag ${JSON.stringify({ p50: ms(histogram.percentile(50)), p95: ms(histogram.percentile(95)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) })}\n`,
  );
  histogram.reset();
});
