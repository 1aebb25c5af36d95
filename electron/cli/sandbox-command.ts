import path from 'node:path';
import type { InboxSummary, Scenario } from '../../shared/sandbox';
import { defaultDataDir } from '../app/data-dir';
import { InboxStore } from '../sandbox/inbox-store';
import { inboxFolder, openSandbox } from '../sandbox/open-sandbox';
import { size } from '../smtp/describe';
import { parseCommandArgs } from './parse';
import { printable } from './printable';
import { EXIT, UsageError } from './usage-error';

export const sandboxHelp = `Usage: mxray sandbox [--data-dir DIR] [--greylist-delay SECONDS] [--json]
       mxray sandbox --inbox [--data-dir DIR] [--json]

Run MXray's embedded scenario MX servers in the foreground, on 127.0.0.1 only, until Ctrl+C.
Each sandbox domain's hosts listen on ports of their own, printed at start: point any SMTP
client at them (mxray send --server 127.0.0.1:PORT, swaks --server …). Everything they accept
is kept in the sandbox inbox, which the app shows too. mxray send --sandbox starts its own
servers and needs none of this running.

Options:
  --inbox                   print the sandbox inbox, newest first, and exit
  --greylist-delay SECONDS  how long greylist.sandbox.test defers a new sender (default 30)
  --data-dir DIR            where the inbox lives (default: ${defaultDataDir()})
  --json                    scenarios (or the inbox) as JSON; then one JSON line per message
  -h, --help                show this help`;

const out = (text: string) => process.stdout.write(text);

function scenarioRows(scenarios: Scenario[]): string[] {
  const width = Math.max(...scenarios.map((s) => s.domain.length));
  return scenarios.flatMap((s) => {
    const head = `  ${s.domain.padEnd(width)}  ${s.title}: ${s.description}`;
    const hosts = s.hosts.map(
      (h) =>
        `  ${''.padEnd(width)}    MX ${String(h.preference).padStart(2)}  ${h.host}  ${h.address}:${h.port}  (${h.behaviour})`,
    );
    return [head, ...hosts];
  });
}

function inboxLine(m: InboxSummary): string {
  const flag = m.unacknowledged ? '  [closed before the reply]' : '';
  const from = printable(m.mailFrom || '<>');
  const to = printable(m.rcptTo.join(', '));
  return `${m.receivedAt}  ${m.id}  ${m.scenario}  from ${from} to ${to}  "${printable(m.subject)}"  ${size(m.size)}${flag}`;
}

export async function runSandbox(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('sandbox', args, {
    inbox: { type: 'boolean' },
    'greylist-delay': { type: 'string' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    console.log(sandboxHelp);
    return EXIT.ok;
  }
  if (positionals.length)
    throw new UsageError(
      `sandbox: unexpected argument "${positionals[0]}" (see mxray sandbox --help)`,
    );
  const dataDir = path.resolve(String(values['data-dir'] ?? defaultDataDir()));
  const greylist = values['greylist-delay'];
  const delay = greylist === undefined ? null : Number(greylist);
  if (delay !== null && !(Number.isInteger(delay) && delay >= 0 && delay <= 86_400))
    throw new UsageError(
      `sandbox: --greylist-delay must be a whole number of seconds from 0 to 86400, not "${greylist}"`,
    );

  if (values.inbox) {
    const messages = await (await InboxStore.open(inboxFolder(dataDir))).list();
    if (values.json)
      out(`${JSON.stringify({ folder: inboxFolder(dataDir), messages }, null, 2)}\n`);
    else if (messages.length === 0) out(`The sandbox inbox (${inboxFolder(dataDir)}) is empty.\n`);
    else out(`${messages.map(inboxLine).join('\n')}\n`);
    return EXIT.ok;
  }

  const sandbox = await openSandbox(dataDir);
  if (delay !== null) sandbox.setKnobs('greylist.sandbox.test', { greylistDelaySeconds: delay });
  const { scenarios } = sandbox.info();
  if (values.json) {
    out(`${JSON.stringify({ inbox: sandbox.inbox.folder, scenarios })}\n`);
    sandbox.inbox.onReceived((message) => out(`${JSON.stringify({ received: message })}\n`));
  } else {
    out(
      `MXray sandbox: ${scenarios.length} scenarios on 127.0.0.1; the inbox is ${sandbox.inbox.folder}\n`,
    );
    out(`${scenarioRows(scenarios).join('\n')}\n`);
    out('Ctrl+C stops. Messages appear below as the servers accept them.\n');
    sandbox.inbox.onReceived((message) => out(`=== received ${inboxLine(message)}\n`));
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.close();
  return EXIT.ok;
}
