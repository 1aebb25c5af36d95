// Runs the outbox against test servers until everything is final; the crash test kills it
// with SIGKILL at random moments and starts it again. Usage: crash-child DATA_DIR PORT COUNT
import { SendRequest } from '../../../shared/send';
import { startPrepared } from '../../delivery/start-send';
import { systemClock } from '../clock';
import { Outbox } from '../outbox';
import { OutboxStore } from '../outbox-store';
import { DEFAULT_RETRY_POLICY } from '../retry-policy';

async function main() {
  const [dataDir = '', port = '0', count = '0'] = process.argv.slice(2);
  const store = await OutboxStore.open(dataDir);
  const outbox = new Outbox({
    start: startPrepared,
    clock: systemClock,
    store,
    policy: { ...DEFAULT_RETRY_POLICY, firstRetryMs: 200, maxBackoffMs: 400 },
    limits: { global: 4, perDomain: 4 },
  });
  await outbox.restore();
  const known = new Set(
    store
      .deliveries()
      .map((d) => store.message(d.messageId)?.request.message.subject)
      .filter(Boolean),
  );
  for (let i = 0; i < Number(count); i++) {
    const subject = `crash-test ${i}`;
    if (known.has(subject)) continue;
    const to = [`grey${i}@example.test`, `white${i}@example.test`];
    await outbox.enqueue(
      SendRequest.parse({
        envelope: { mailFrom: 'crash@mxray.test', rcptTo: to },
        message: { from: 'crash@mxray.test', to, subject, text: `message ${i}` },
        route: { kind: 'server', server: { host: '127.0.0.1', port: Number(port) } },
        session: { helo: 'crash.mxray.test', tls: 'off', timeoutSeconds: 2 },
      }),
    );
    process.stdout.write(`ack ${subject}\n`);
  }
  await outbox.settled();
  await store.close();
  process.stdout.write('settled\n');
}

main().catch((error) => {
  process.stderr.write(`crash-child: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
