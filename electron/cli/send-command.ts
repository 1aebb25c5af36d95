import type { RecipientResult } from '../../shared/smtp';
import { startSend } from '../delivery/start-send';
import { createDnsClient } from '../dns/resolver';
import { CommandArgumentError } from '../smtp/commands';
import { MessageError } from '../smtp/message';
import { exitCodeFor } from './exit-code';
import { runLoad } from './load-run';
import { parseSendArgs, sendHelp } from './send-options';
import { createTranscriptPrinter } from './transcript-printer';
import { EXIT, UsageError } from './usage-error';

const out = (text: string) => process.stdout.write(text);

export async function runSend(args: string[]): Promise<number> {
  const command = await parseSendArgs(args);
  if (command.help) {
    console.log(sendHelp);
    return EXIT.ok;
  }
  try {
    if (command.repeat !== null) {
      const dns = createDnsClient({ servers: command.dnsServers });
      const summary = await runLoad(command.request, command.repeat, command.concurrency, dns);
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
    const printer = command.json ? null : createTranscriptPrinter(out);
    const running = await startSend(
      command.request,
      printer ? (e) => printer.onEvent(e) : undefined,
      {
        servers: command.dnsServers,
      },
    );
    const abort = () => running.cancel();
    process.once('SIGINT', abort);
    const report = await running.done;
    process.off('SIGINT', abort);
    if (printer) {
      printer.flush();
      for (const w of report.warnings) out(`=== ${w}\n`);
      for (const r of report.recipients) out(`=== ${summary(r)}\n`);
    } else {
      out(`${JSON.stringify(report, null, 2)}\n`);
    }
    return exitCodeFor(report);
  } catch (error) {
    if (error instanceof MessageError || error instanceof CommandArgumentError) {
      throw new UsageError(`send: ${error.message}`);
    }
    throw error;
  }
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
  return `${r.address}: ${r.status}${reply}${flag}`;
}
