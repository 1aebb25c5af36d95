import { createReadStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { messageReportMarkdown } from '../../shared/message-report-markdown';
import { messageReportText } from '../../shared/message-report-text';
import { HeloName } from '../../shared/settings';
import { parseSpamdAddress } from '../../shared/spamd-address';
import { buildMessageReport, NotAMessageError } from '../message/message-report';
import { spamFromSettings } from '../message/spam-adapter';
import { dnsServersFlag, parseCommandArgs } from './parse';
import { printable } from './printable';
import { EXIT, UsageError } from './usage-error';

export const inspectHelp = `Usage: mxray inspect FILE.eml [options]      (FILE "-" reads standard input)

How a receiving MX would judge a message: SPF for the connecting IP, DKIM (each signature,
with why one fails and its key length), DMARC alignment and policy, ARC; the Gmail/Yahoo
bulk-sender rules (one-click unsubscribe, reverse DNS of the IP); RFC 5322 hygiene (one From,
Date, Message-ID, CRLF only, lines of at most 998 octets, 8-bit only where MIME says so); its
HTML against caniemail.com's data per mail client; a spamd score; every link and image URL.
Nothing is sent. A file saved with Unix line endings is judged as the CRLF an MTA sends.

Options:
  --ip IP               the connecting client's address, as the receiving MX saw it (for SPF
                        and reverse DNS; without it SPF is "not checked")
  --helo NAME           the name it gave in EHLO/HELO
  --mail-from ADDRESS   the envelope sender (MAIL FROM); "" for the null sender
  --dns HOST[:PORT]     DNS server to ask instead of the system's; repeatable
  --sandbox             judge as the app's Sandbox mode does: no DNS unless --dns, no link
                        fetched
  --check-links         fetch every http(s) link: status, redirects, TLS (not with --sandbox)
  --spamd HOST:PORT     ask this SpamAssassin spamd for a score
  --json                one JSON document: the whole report (the MessageReport contract)
  --markdown            the report as Markdown
  -h, --help            show this help

Exit codes: 0 when nothing fails (warnings allowed), 2 when a check fails, 1 for bad input
(no such file, not a mail message).`;

/** The most a message may be: what the sandbox's servers take. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

async function readMessage(file: string): Promise<Buffer> {
  const input: Readable = file === '-' ? process.stdin : createReadStream(file);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of input) {
      size += (chunk as Buffer).length;
      if (size > MAX_MESSAGE_BYTES)
        throw new UsageError(`inspect: ${file} is larger than 64 MB, more than a message can be`);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `inspect: cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder' : (code ?? (error as Error).message)})`,
    );
  }
  return Buffer.concat(chunks);
}

export async function runInspect(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('inspect', args, {
    ip: { type: 'string' },
    helo: { type: 'string' },
    'mail-from': { type: 'string' },
    dns: { type: 'string', multiple: true },
    sandbox: { type: 'boolean' },
    'check-links': { type: 'boolean' },
    spamd: { type: 'string' },
    json: { type: 'boolean' },
    markdown: { type: 'boolean' },
  });
  if (values.help) {
    console.log(inspectHelp);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new UsageError(
      'inspect: give exactly one FILE, or - for standard input (see mxray inspect --help)',
    );
  const file = positionals[0] as string;
  if (values.ip !== undefined && !net.isIP(values.ip))
    throw new UsageError(`inspect: --ip must be an IPv4 or IPv6 address, not "${values.ip}"`);
  if (values.helo !== undefined && !HeloName.safeParse(values.helo).success)
    throw new UsageError(
      `inspect: --helo must be a host name or an address literal, not "${values.helo}"`,
    );
  if (values.spamd !== undefined) {
    const spamd = parseSpamdAddress(values.spamd);
    if ('error' in spamd) throw new UsageError(`inspect: --spamd: ${spamd.error}`);
  }
  if (values.json && values.markdown)
    throw new UsageError('inspect: --json or --markdown, not both');
  const sandbox = values.sandbox === true;
  if (sandbox && values['check-links'])
    throw new UsageError(
      'inspect: --check-links fetches from the Internet, which --sandbox never does',
    );
  const servers = dnsServersFlag('inspect', values.dns);
  const raw = await readMessage(file);
  let report: Awaited<ReturnType<typeof buildMessageReport>>;
  try {
    report = await buildMessageReport(raw, {
      source: { kind: 'file', name: file === '-' ? 'stdin' : path.basename(file) },
      mode: sandbox ? 'sandbox' : 'internet',
      dnsServers: servers,
      ip: values.ip ?? null,
      helo: values.helo ?? null,
      mailFrom: values['mail-from'] ?? null,
      spam: spamFromSettings(values.spamd ?? ''),
      checkLinks: values['check-links'] === true,
    });
  } catch (error) {
    if (error instanceof NotAMessageError)
      throw new UsageError(
        `inspect: ${file === '-' ? 'standard input' : file} is not a mail message: ${error.message}`,
      );
    throw error;
  }
  process.stdout.write(
    values.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : values.markdown
        ? messageReportMarkdown(report)
        : `${messageReportText(report).map(printable).join('\n')}\n`,
  );
  return report.summary.counts.fail > 0 ? EXIT.checkFailed : EXIT.ok;
}
