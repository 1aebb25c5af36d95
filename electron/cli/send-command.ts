import path from 'node:path';
import type { InboxSummary } from '../../shared/sandbox';
import type { SendReport } from '../../shared/send';
import type { RecipientResult } from '../../shared/smtp';
import { type Routing, routeResolver } from '../dns/routing';
import { DkimError } from '../message/dkim-sign';
import { createOutbox } from '../queue/create-outbox';
import { outboxReport } from '../queue/outbox-report';
import { sandboxRouting } from '../sandbox/mode-policy';
import { openSandbox } from '../sandbox/open-sandbox';
import type { Sandbox } from '../sandbox/sandbox';
import { isoNow } from '../smtp/clock';
import { CommandArgumentError } from '../smtp/commands';
import { duration } from '../smtp/describe';
import { MessageError } from '../smtp/message';
import { exitCodeFor } from './exit-code';
import { explanationLines } from './explanation-lines';
import { runLoad } from './load-run';
import { progressLine } from './progress-line';
import { parseSendArgs, type SendCommand, sendHelp } from './send-options';
import { createTranscriptPrinter } from './transcript-printer';
import { EXIT, UsageError } from './usage-error';

const out = (text: string) => process.stdout.write(text);

export async function runSend(args: string[]): Promise<number> {
  const command = await parseSendArgs(args);
  if (command.help) {
    console.log(sendHelp);
    return EXIT.ok;
  }
  const sandbox = command.sandbox ? await openSandbox(command.sandbox.dataDir) : null;
  const kept: InboxSummary[] = [];
  sandbox?.inbox.onReceived((m) => kept.push(m));
  const routing: Routing = {
    servers: command.dnsServers,
    ...sandboxRouting(sandbox, () => (sandbox ? 'sandbox' : 'internet'), 'needs --sandbox'),
  };
  try {
    if (command.repeat !== null) return await load(command, routing);
    const report = await deliver(command, routing);
    const inbox = sandbox ? inboxEntries(sandbox, kept) : undefined;
    if (command.json) out(`${JSON.stringify({ ...report, sandboxInbox: inbox }, null, 2)}\n`);
    else {
      for (const w of report.warnings) out(`=== ${w}\n`);
      for (const r of report.recipients) {
        out(`=== ${summary(r)}\n`);
        for (const line of explanationLines(r.explanation)) out(`===   ${line}\n`);
      }
      for (const m of inbox ?? [])
        out(`=== sandbox inbox: kept ${m.id} for ${m.rcptTo.join(', ')} (${m.file})\n`);
    }
    return exitCodeFor(report);
  } catch (error) {
    if (
      error instanceof MessageError ||
      error instanceof CommandArgumentError ||
      error instanceof DkimError
    ) {
      throw new UsageError(`send: ${error.message}`);
    }
    throw error;
  } finally {
    await sandbox?.close();
  }
}

/** What the sandbox kept during this run, with the file that holds each message's bytes. */
function inboxEntries(sandbox: Sandbox, kept: InboxSummary[]) {
  return kept.map((m) => ({
    id: m.id,
    scenario: m.scenario,
    host: m.host,
    rcptTo: m.rcptTo,
    unacknowledged: m.unacknowledged,
    file: path.join(sandbox.inbox.folder, `${m.id}.eml`),
  }));
}

/**
 * Through an outbox in memory, as the app sends: one pass, a deferred recipient reported with
 * when it would be tried next; with --wait, retried until each is final. One delivery at a
 * time, so the transcript reads in order.
 */
async function deliver(command: SendCommand, routing: Routing): Promise<SendReport> {
  const printer = command.json ? null : createTranscriptPrinter(out);
  const outbox = createOutbox({
    routing: () => routing,
    policy: command.policy,
    limits: { global: 1, perDomain: { initial: 1, max: 1 } },
    dkimKeys: command.dkimKeys,
    onEvent: printer ? (_d, e) => printer.onEvent(e) : undefined,
  });
  if (printer && command.wait) {
    outbox.onChange((d) => {
      if (d.status !== 'deferred' || d.nextAttemptAt === null) return;
      printer.flush();
      const wait = Math.max(0, d.nextAttemptAt - Date.now());
      out(
        `=== Deferred${d.domain ? ` (${d.domain})` : ''}: next attempt at ${isoNow(d.nextAttemptAt)} (in ${duration(wait)})\n`,
      );
    });
  }
  const deliveries = await outbox.enqueue(command.request);
  const abort = () => {
    for (const d of deliveries) outbox.cancel(d.id);
  };
  process.once('SIGINT', abort);
  await outbox.settled({ retries: command.wait });
  process.off('SIGINT', abort);
  await outbox.close();
  printer?.flush();
  return outboxReport(deliveries[0]?.messageId ?? '', deliveries);
}

async function load(command: SendCommand, routing: Routing): Promise<number> {
  const route = command.request.route;
  const resolve = routeResolver(routing, route.kind === 'mx' ? route.dnsServers : []);
  const repeat = command.repeat ?? 1;
  const progress = progressLine(process.stderr, { label: 'send', enabled: command.progress });
  progress.update(0, repeat);
  const summary = await runLoad(
    command.request,
    repeat,
    command.concurrency,
    resolve,
    (n) => progress.update(n, repeat),
    command.dkimKeys,
  ).finally(() => progress.end());
  if (command.json) out(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    out(
      `=== sent ${summary.sent}, failed ${summary.failed}, ${summary.seconds.toFixed(2)} s, ` +
        `${summary.messagesPerSecond.toFixed(1)} messages/s\n`,
    );
    if (summary.failed) out(`=== outcomes: ${JSON.stringify(summary.outcomes)}\n`);
  }
  return summary.failed ? EXIT.deferred : EXIT.ok;
}

function summary(r: RecipientResult): string {
  const reply = r.reply
    ? ` — ${r.reply.code} ${r.reply.text.split('\n')[0]}`
    : r.reason
      ? ` — ${r.reason}`
      : '';
  const flag = r.possiblyDelivered
    ? ' (possibly delivered: the connection died after the final dot)'
    : '';
  const next = r.nextAttemptAt ? ` (next attempt ${r.nextAttemptAt})` : '';
  return `${r.address}: ${r.status}${reply}${flag}${next}`;
}
