/** The commands of ../shared/design/CLI.md; names are fixed so scripts can rely on them. */
export const commands = [
  { name: 'mx', args: 'DOMAIN', summary: 'how mail to DOMAIN would be routed', built: true },
  {
    name: 'send',
    args: '--from A --to B …',
    summary: 'send a message straight to the MX (or --server, or --sandbox)',
    built: true,
  },
  {
    name: 'verify',
    args: 'ADDRESS… | --file F',
    summary: 'does the address exist? (RCPT probe, no DATA)',
    built: true,
  },
  {
    name: 'check',
    args: 'DOMAIN [--sender-domain D]',
    summary: 'domain report: MX health, TLS, MTA-STS, DANE, SPF/DMARC',
    built: false,
  },
  {
    name: 'sandbox',
    args: '',
    summary: 'run the embedded scenario MX servers in the foreground',
    built: true,
  },
  {
    name: 'web',
    args: '[--port N]',
    summary: 'serve the desktop UI to a local browser (127.0.0.1 only)',
    built: true,
  },
] as const;

export type CommandName = (typeof commands)[number]['name'];

export function mainHelp(version: string): string {
  const width = Math.max(...commands.map((c) => `${c.name} ${c.args}`.length));
  const rows = commands.map((c) => {
    const usage = `${c.name} ${c.args}`.padEnd(width);
    return `  mxray ${usage}  ${c.summary}${c.built ? '' : ' [not in this build yet]'}`;
  });
  return `MXray ${version}: send mail straight to a domain's MX servers and see what happens on the wire.

Usage:
${rows.join('\n')}

Options:
  -h, --help        show help (mxray COMMAND --help for a command's options)
  -v, --version     print the version

Exit codes: 0 ok, 1 usage or bad input, 2 some recipient bounced, 3 some recipient deferred.`;
}
