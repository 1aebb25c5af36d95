/** The commands of ../shared/design/CLI.md; names are fixed so scripts can rely on them. */
export const commands = [
  { name: 'mx', args: 'DOMAIN', summary: 'how mail to DOMAIN would be routed' },
  {
    name: 'send',
    args: '--from A --to B …',
    summary: 'send a message straight to the MX (or --server, or --sandbox)',
  },
  {
    name: 'verify',
    args: 'ADDRESS… | --file F',
    summary: 'does the address exist? (RCPT probe, no DATA)',
  },
  {
    name: 'check',
    args: 'DOMAIN | --sending-ip IP',
    summary: 'domain report: MX health, TLS, MTA-STS, DANE, SPF/DMARC; IP blocklists',
  },
  {
    name: 'dkim',
    args: 'keygen --domain D --selector S --out F',
    summary: 'make a DKIM key and print the DNS TXT record to publish',
  },
  {
    name: 'inspect',
    args: 'FILE.eml [--ip IP --helo NAME]',
    summary: 'message report: SPF/DKIM/DMARC, sender rules, HTML, spam, links',
  },
  {
    name: 'sandbox',
    args: '',
    summary: 'run the embedded scenario MX servers in the foreground',
  },
  {
    name: 'web',
    args: '[--port N] [--open]',
    summary: 'serve the desktop UI to a local browser (127.0.0.1 only)',
  },
] as const;

export type CommandName = (typeof commands)[number]['name'];

export function mainHelp(version: string): string {
  const width = Math.max(...commands.map((c) => `${c.name} ${c.args}`.length));
  const rows = commands.map((c) => {
    const usage = `${c.name} ${c.args}`.padEnd(width);
    return `  mxray ${usage}  ${c.summary}`;
  });
  return `MXray ${version}: send mail straight to a domain's MX servers and see what happens on the wire.

Usage:
${rows.join('\n')}

Options:
  -h, --help        show help (mxray COMMAND --help for a command's options)
  -v, --version     print the version

Exit codes: 0 ok, 1 usage or bad input, 2 some recipient bounced (check, inspect: some check
failed), 3 some recipient deferred.`;
}
