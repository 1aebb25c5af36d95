#!/usr/bin/env node
// bench/send-throughput: messages per second, a new SMTP session per message, 20 at once,
// to Postfix's smtp-sink on loopback. Compares MXray (its CLI, as users run it) with Postfix's
// smtp-source and nodemailer's SMTP transport (no pool), same count and concurrency, and a
// bare-socket Node client (node-floor.cjs) as the yardstick for what Node itself costs.
// Usage: npm run bench:send [-- --messages N --concurrency C --rounds R]
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '5' },
  },
});
const MESSAGES = Number(values.messages);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const HOST = '127.0.0.41';

for (const tool of ['/usr/sbin/smtp-sink', '/usr/sbin/smtp-source']) {
  if (!existsSync(tool)) {
    console.error(
      `bench: ${tool} is missing; install Debian's postfix package (apt-get install postfix).`,
    );
    process.exit(1);
  }
}
if (!existsSync('dist/cli.cjs')) {
  console.error('bench: dist/cli.cjs is missing; run `npm run build` first.');
  process.exit(1);
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, HOST, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const run = (cmd, args) =>
  new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (error) reject(new Error(`${cmd} failed: ${stderr || error.message}`));
      else resolve({ seconds, stdout });
    });
  });

const port = await freePort();
const sink = spawn('/usr/sbin/smtp-sink', ['-u', 'nobody', '-c', `${HOST}:${port}`, '1024'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
await new Promise((r) => setTimeout(r, 300));

const clients = {
  mxray: async () => {
    const { stdout } = await run(process.execPath, [
      'dist/cli.cjs',
      'send',
      '--from',
      'bench@mxray.test',
      '--to',
      'sink@example.test',
      '--subject',
      'bench',
      '--body',
      'hello',
      '--helo',
      'bench.mxray.test',
      '--tls',
      'off',
      '--server',
      `${HOST}:${port}`,
      '--repeat',
      String(MESSAGES),
      '--concurrency',
      String(CONCURRENCY),
      '--json',
    ]);
    const summary = JSON.parse(stdout);
    if (summary.sent !== MESSAGES)
      throw new Error(`mxray delivered ${summary.sent} of ${MESSAGES}`);
    return summary.seconds;
  },
  'smtp-source': async () => {
    const { seconds } = await run('/usr/sbin/smtp-source', [
      '-m',
      String(MESSAGES),
      '-s',
      String(CONCURRENCY),
      '-f',
      'bench@mxray.test',
      '-t',
      'sink@example.test',
      '-S',
      'bench',
      '-M',
      'bench.mxray.test',
      `${HOST}:${port}`,
    ]);
    return seconds;
  },
  nodemailer: async () => {
    const { stdout } = await run(process.execPath, [
      'bench/nodemailer-client.cjs',
      HOST,
      String(port),
      String(MESSAGES),
      String(CONCURRENCY),
    ]);
    return Number(stdout.trim());
  },
  'node-floor': async () => {
    const { stdout } = await run(process.execPath, [
      'bench/node-floor.cjs',
      HOST,
      String(port),
      String(MESSAGES),
      String(CONCURRENCY),
    ]);
    return Number(stdout.trim());
  },
};

const results = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, client] of Object.entries(clients)) {
      const seconds = await client();
      results[name].push(MESSAGES / seconds);
      console.log(
        `round ${round}  ${name.padEnd(12)} ${(MESSAGES / seconds).toFixed(0).padStart(6)} messages/s  (${seconds.toFixed(2)} s)`,
      );
    }
  }
} finally {
  sink.kill();
}

// Each round runs the three clients back to back, so a round's ratios compare like with like
// even when the machine's speed drifts between rounds; the medians of those ratios are reported.
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const ratio = (other) => median(results.mxray.map((v, i) => v / results[other][i]));
const cpu = os.cpus();
console.log(
  `\n${MESSAGES} messages, ${CONCURRENCY} at once, a new session per message, ${ROUNDS} rounds`,
);
console.log(
  `machine: ${cpu.length} × ${cpu[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
for (const [k, v] of Object.entries(m))
  console.log(`  ${k.padEnd(12)} ${v.toFixed(0).padStart(6)} messages/s (median)`);
console.log(
  `  MXray / smtp-source = ${ratio('smtp-source').toFixed(2)}  (median of per-round ratios; target ≥ 0.8)`,
);
console.log(
  `  MXray / nodemailer  = ${ratio('nodemailer').toFixed(2)}  (median of per-round ratios; target ≥ 2)`,
);
console.log(
  `  MXray / node-floor  = ${ratio('node-floor').toFixed(2)}  (how much of bare Node sockets MXray keeps)`,
);
