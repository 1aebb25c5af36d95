import path from 'node:path';
import { DkimCanonicalization, type DkimSend } from '../../shared/dkim';
import { isSandboxDomain, SANDBOX_SUFFIX } from '../../shared/sandbox';
import { SendRequest, type SendRequestInput } from '../../shared/send';
import { defaultDataDir } from '../app/data-dir';
import type { DkimKeySource } from '../message/dkim-key-store';
import { DkimError, dkimNames, dkimSignedFields, parseDkimPrivateKey } from '../message/dkim-sign';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../queue/retry-policy';
import { readPrivateKeyFile } from './dkim-key-file';
import { dnsServersFlag, parseCommandArgs, positiveNumber, staggerFlag } from './parse';
import { MessageInputs } from './read-input';
import { UsageError } from './usage-error';

export const sendHelp = `Usage: mxray send --from A --to B [--to C …] [options]

Message:
  --from A              envelope sender (MAIL FROM) and From header; '' for the null sender
  --to B                recipient (RCPT TO and To header); repeatable
  --cc C                Cc header and recipient; repeatable
  --subject S           subject
  --body TEXT           plain-text body
  --body-file F         plain-text body from a UTF-8 file, sent as given (line endings made
                        safe) when 7-bit with lines of at most 998 characters, else
                        quoted-printable; at most 36 MB
  --html-file F         HTML body from a UTF-8 file
  --header "N: V"       extra header; repeatable (From/To/Cc/Subject here replace the defaults)
  --attach F            attach a file; repeatable
Session:
  --helo NAME           name announced in EHLO/HELO (default: this machine's host name)
  --tls MODE            off | opportunistic | require | implicit (TLS from the first byte,
                        RFC 8314); default opportunistic, implicit for --server HOST:465
  --tls-verify          fail unless the certificate verifies for the host name
  --no-pipelining       one command at a time even when the server offers PIPELINING
  --quit-after PHASE    connect|banner|ehlo|starttls|auth|mail|rcpt|data: stop there, send nothing more
  --auth-user U         AUTH user for a relay, with --auth-pass-env VAR naming the password's variable
  --timeout SECONDS     longest wait for any one server reply
  --connect-timeout SECONDS
  --stagger SECONDS     when an MX address has not greeted within this, start the next beside
                        it (up to 3 at once); the first to greet goes on, the others are closed
                        before MAIL FROM (default 2; 0: one address at a time)
DKIM (all three or none; the message is signed right after it is composed):
  --dkim-domain D       the signing domain (d=)
  --dkim-selector S     the selector (s=): the public key is published at S._domainkey.D
  --dkim-key FILE       the PEM private key (RSA, 2048 bits or more, or Ed25519); like ssh,
                        refused when FILE is open to group or others: chmod 600 FILE.
                        mxray dkim keygen makes one and prints the TXT record to publish
  --dkim-canon C        relaxed/relaxed (default), relaxed/simple, simple/relaxed or
                        simple/simple
  --dkim-headers LIST   the fields to sign, colon-separated, From among them (default:
                        from:reply-to:sender:to:cc:subject:date:message-id:in-reply-to:
                        references:mime-version:content-type:content-transfer-encoding:
                        list-id:list-unsubscribe:list-unsubscribe-post); From is oversigned
Route (default: straight to each recipient domain's MX hosts):
  --sandbox             deliver to MXray's embedded scenario servers (*.sandbox.test only);
                        what they accept is kept in the sandbox inbox (mxray sandbox --inbox)
  --data-dir DIR        with --sandbox: where the inbox lives (default: the app's data folder)
  --server HOST[:PORT]  talk to this server instead (no MX lookup); port 25 unless given
  --port N              port for the MX hosts (default 25)
  --dns HOST[:PORT]     DNS server to ask instead of the system's; repeatable
Retry:
  --wait                keep retrying deferred recipients until each is delivered or bounced
  --retry-delay SECONDS first retry after a deferral (default 300, then doubling up to 4000)
  --max-attempts N      tries per recipient before it bounces
  --lifetime SECONDS    how long to keep trying (default 5 days)
Output and load:
  --json                one JSON document on stdout instead of the transcript
  --repeat N            send N copies (at most 1,000,000) …
  --concurrency C       … with C sessions at once, and print a summary
  --no-progress         with --repeat: no progress line (on a terminal, stderr shows the copies
                        done of N, the rate and the time left; never on stdout, and not when
                        stderr is a file or a pipe, or TERM=dumb)
  -h, --help            show this help

Exit codes: 0 every recipient delivered (or the --quit-after phase reached), 1 bad input,
2 some recipient bounced, 3 some recipient deferred.`;

const options = {
  from: { type: 'string' },
  to: { type: 'string', multiple: true },
  cc: { type: 'string', multiple: true },
  subject: { type: 'string' },
  body: { type: 'string' },
  'body-file': { type: 'string' },
  'html-file': { type: 'string' },
  header: { type: 'string', multiple: true },
  attach: { type: 'string', multiple: true },
  helo: { type: 'string' },
  tls: { type: 'string' },
  'tls-verify': { type: 'boolean' },
  'no-pipelining': { type: 'boolean' },
  'quit-after': { type: 'string' },
  'auth-user': { type: 'string' },
  'auth-pass-env': { type: 'string' },
  timeout: { type: 'string' },
  'connect-timeout': { type: 'string' },
  stagger: { type: 'string' },
  server: { type: 'string' },
  json: { type: 'boolean' },
  repeat: { type: 'string' },
  concurrency: { type: 'string' },
  'no-progress': { type: 'boolean' },
  wait: { type: 'boolean' },
  'retry-delay': { type: 'string' },
  'max-attempts': { type: 'string' },
  lifetime: { type: 'string' },
  dns: { type: 'string', multiple: true },
  port: { type: 'string' },
  sandbox: { type: 'boolean' },
  'data-dir': { type: 'string' },
  'dkim-domain': { type: 'string' },
  'dkim-selector': { type: 'string' },
  'dkim-key': { type: 'string' },
  'dkim-canon': { type: 'string' },
  'dkim-headers': { type: 'string' },
} as const;

export interface SendCommand {
  help: boolean;
  dnsServers: string[];
  /** Deliver through the embedded sandbox servers (--sandbox); the inbox's data folder. */
  sandbox: { dataDir: string } | null;
  /** Keep retrying deferred recipients until each is final (--wait). */
  wait: boolean;
  policy: RetryPolicy;
  request: SendRequest;
  json: boolean;
  repeat: number | null;
  concurrency: number;
  /** A progress line on stderr for --repeat when it is a terminal (off with --no-progress). */
  progress: boolean;
  /** The --dkim-key file's key, for request.dkim's keyId (CLI_DKIM_KEY); undefined: unsigned. */
  dkimKeys?: DkimKeySource;
}

/** The one key a `send` run signs with: the --dkim-key file, never stored. */
export const CLI_DKIM_KEY = 'dkim-key-file';

/** `--server 127.0.0.1:2525`, `--server mx.example.com`, `--server [::1]:25`. */
export function parseServer(value: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:\s]+)(?::(\d{1,5}))?$/.exec(value.trim());
  const port = match?.[2] ? Number(match[2]) : 25;
  if (!match?.[1] || port < 1 || port > 65535) {
    throw new UsageError(`send: --server must be HOST or HOST:PORT, not "${value}"`);
  }
  return { host: match[1], port };
}

function parseHeader(value: string) {
  const colon = value.indexOf(':');
  if (colon < 1)
    throw new UsageError(`send: --header must look like "Name: value", not "${value}"`);
  return { name: value.slice(0, colon).trim(), value: value.slice(colon + 1).trim() };
}

/** --repeat is a load test against a server of your own, not a way to flood one. */
const MAX_REPEAT = 1_000_000;

export async function parseSendArgs(args: string[]): Promise<SendCommand> {
  const { values: v, positionals } = parseCommandArgs('send', args, options);
  const values = v as Record<string, string | string[] | boolean | undefined>;
  const str = (k: string) => values[k] as string | undefined;
  const list = (k: string) => (values[k] as string[] | undefined) ?? [];
  if (values.help) return { help: true } as SendCommand;
  if (positionals.length)
    throw new UsageError(`send: unexpected argument "${positionals[0]}" (see mxray send --help)`);
  if (str('from') === undefined)
    throw new UsageError('send: --from is required (use --from "" for the null sender)');
  if (list('to').length === 0 && list('cc').length === 0)
    throw new UsageError('send: at least one --to is required');
  if (str('server')?.trim() === '')
    throw new UsageError('send: --server needs HOST[:PORT]; it was empty');
  if (str('server') && (str('port') !== undefined || list('dns').length)) {
    throw new UsageError(
      'send: --port and --dns are for MX delivery; with --server give HOST:PORT',
    );
  }
  const sandbox = values.sandbox === true;
  if (sandbox && (str('server') || str('port') !== undefined || list('dns').length)) {
    throw new UsageError(
      'send: --sandbox routes to its own servers; leave out --server, --port and --dns',
    );
  }
  if (!sandbox && str('data-dir') !== undefined)
    throw new UsageError('send: --data-dir is for --sandbox (where its inbox lives)');
  if (!str('server')) checkSandboxDomains([...list('to'), ...list('cc')], sandbox);
  const dnsServers = dnsServersFlag('send', list('dns'));
  const mxPort = str('port') === undefined ? 25 : Number(str('port'));
  const server = str('server') ? parseServer(str('server') ?? '') : null;
  if (!Number.isInteger(mxPort) || mxPort < 1 || mxPort > 65535) {
    throw new UsageError(`send: --port must be a number from 1 to 65535, not "${str('port')}"`);
  }
  if (str('body') !== undefined && str('body-file') !== undefined) {
    throw new UsageError('send: give --body or --body-file, not both');
  }

  const headers = list('header').map(parseHeader);
  const take = (name: string) => {
    const found = headers.filter((h) => h.name.toLowerCase() === name);
    for (const h of found) headers.splice(headers.indexOf(h), 1);
    return found.map((h) => h.value);
  };
  const [fromHeader] = take('from');
  const toHeaders = take('to');
  const ccHeaders = take('cc');
  const [subjectHeader] = take('subject');

  let pass: string | undefined;
  const passVar = str('auth-pass-env');
  if (str('auth-user') !== undefined) {
    if (!passVar)
      throw new UsageError(
        'send: --auth-user needs --auth-pass-env VAR (the password is read from that variable)',
      );
    pass = process.env[passVar];
    if (pass === undefined)
      throw new UsageError(`send: the environment variable ${passVar} is not set`);
  }

  const bodyFile = str('body-file');
  const htmlFile = str('html-file');
  // One after another, against one 36 MB budget for the whole message.
  const files = new MessageInputs();
  const text = bodyFile ? await files.text('body-file', bodyFile) : (str('body') ?? '');
  const html = htmlFile ? await files.text('html-file', htmlFile) : undefined;
  const attachments: { filename: string; contentBase64: string }[] = [];
  for (const file of list('attach'))
    attachments.push({
      filename: path.basename(file),
      contentBase64: (await files.bytes('attach', file)).toString('base64'),
    });
  const dkim = await dkimFlags(str);
  const mailFrom = str('from') ?? '';
  const input: SendRequestInput = {
    envelope: { mailFrom, rcptTo: [...list('to'), ...list('cc')] },
    message: {
      from: fromHeader ?? (mailFrom || 'MAILER-DAEMON'),
      to: toHeaders.length ? toHeaders : list('to'),
      cc: ccHeaders.length ? ccHeaders : list('cc'),
      subject: subjectHeader ?? str('subject') ?? '',
      text,
      rawText: bodyFile !== undefined,
      html,
      headers,
      attachments,
    },
    route: server ? { kind: 'server', server } : { kind: 'mx', port: mxPort, dnsServers },
    session: {
      helo: str('helo'),
      tls: (str('tls') ?? (server?.port === 465 ? 'implicit' : 'opportunistic')) as 'off',
      tlsVerify: values['tls-verify'] === true,
      pipelining: values['no-pipelining'] !== true,
      quitAfter: (str('quit-after') ?? null) as null,
      auth:
        str('auth-user') !== undefined ? { user: str('auth-user') ?? '', pass: pass ?? '' } : null,
      timeoutSeconds: positiveNumber('send', 'timeout', str('timeout')),
      connectTimeoutSeconds: positiveNumber('send', 'connect-timeout', str('connect-timeout')),
      staggerSeconds: staggerFlag('send', str('stagger')),
    },
    dkim: dkim?.send,
  };
  const parsed = SendRequest.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new UsageError(`send: ${flagFor(where)}: ${issue?.message ?? 'invalid'}`);
  }
  const maxAttempts = positiveNumber('send', 'max-attempts', str('max-attempts'), true);
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    firstRetryMs:
      (positiveNumber('send', 'retry-delay', str('retry-delay')) ??
        DEFAULT_RETRY_POLICY.firstRetryMs / 1000) * 1000,
    lifetimeMs:
      (positiveNumber('send', 'lifetime', str('lifetime')) ??
        DEFAULT_RETRY_POLICY.lifetimeMs / 1000) * 1000,
    maxAttempts: maxAttempts ?? null,
  };
  return {
    help: false,
    dnsServers,
    sandbox: sandbox ? { dataDir: path.resolve(str('data-dir') ?? defaultDataDir()) } : null,
    wait: values.wait === true,
    policy,
    request: parsed.data,
    json: values.json === true,
    repeat: positiveNumber('send', 'repeat', str('repeat'), true, MAX_REPEAT) ?? null,
    concurrency: positiveNumber('send', 'concurrency', str('concurrency'), true) ?? 1,
    progress: values['no-progress'] !== true,
    dkimKeys: dkim?.keys,
  };
}

/**
 * --dkim-domain, --dkim-selector and --dkim-key, all three or none, checked now (names, the
 * key file's mode, the key) so that a bad key is a usage error before any connection.
 */
async function dkimFlags(
  str: (k: string) => string | undefined,
): Promise<{ send: DkimSend; keys: DkimKeySource } | null> {
  const trio = ['dkim-domain', 'dkim-selector', 'dkim-key'];
  const missing = trio.filter((flag) => str(flag) === undefined).map((flag) => `--${flag}`);
  if (missing.length === trio.length) {
    const shaping = ['dkim-canon', 'dkim-headers'].find((flag) => str(flag) !== undefined);
    if (shaping)
      throw new UsageError(
        `send: --${shaping} shapes a DKIM signature: give --dkim-domain, --dkim-selector and --dkim-key too`,
      );
    return null;
  }
  if (missing.length)
    throw new UsageError(
      `send: --dkim-domain, --dkim-selector and --dkim-key go together (all three or none); missing ${missing.join(' and ')}`,
    );
  const file = str('dkim-key') ?? '';
  const canon = DkimCanonicalization.safeParse(str('dkim-canon') ?? 'relaxed/relaxed');
  if (!canon.success)
    throw new UsageError(
      `send: --dkim-canon must be ${DkimCanonicalization.options.join(', ')}, not "${str('dkim-canon')}"`,
    );
  try {
    const names = dkimNames(str('dkim-domain') ?? '', str('dkim-selector') ?? '');
    const listed = str('dkim-headers');
    const headers = listed === undefined ? undefined : dkimSignedFields(listed.split(':'));
    const privateKeyPem = await readPrivateKeyFile('send', 'dkim-key', file);
    try {
      parseDkimPrivateKey(privateKeyPem);
    } catch (error) {
      if (error instanceof DkimError) throw new DkimError(`${file}: ${error.message}`);
      throw error;
    }
    const key = { ...names, privateKeyPem };
    return {
      send: { keyId: CLI_DKIM_KEY, canonicalization: canon.data, headers },
      keys: async () => key,
    };
  } catch (error) {
    if (error instanceof DkimError) throw new UsageError(`send: ${error.message}`);
    throw error;
  }
}

/** --sandbox takes sandbox domains only, and sandbox domains need --sandbox: never real DNS. */
function checkSandboxDomains(recipients: string[], sandbox: boolean) {
  for (const address of recipients) {
    const domain = address.slice(address.lastIndexOf('@') + 1);
    if (sandbox && !isSandboxDomain(domain))
      throw new UsageError(
        `send: --sandbox delivers only to *.${SANDBOX_SUFFIX}; ${address} is not one (leave out --sandbox to send to the Internet)`,
      );
    if (!sandbox && isSandboxDomain(domain))
      throw new UsageError(
        `send: ${address} is a sandbox domain: add --sandbox to deliver to MXray's embedded servers`,
      );
  }
}

/** Name the option a schema path came from, so the error points at what to fix. */
function flagFor(schemaPath: string): string {
  const map: [RegExp, string][] = [
    [/^envelope\.mailFrom/, '--from'],
    [/^envelope\.rcptTo/, '--to/--cc'],
    [/^message\.headers/, '--header'],
    [/^message\.attachments/, '--attach'],
    [/^message\.subject/, '--subject'],
    [/^message\.(from|to|cc)/, '--header'],
    [/^session\.helo/, '--helo'],
    [/^session\.tls$/, '--tls (off, opportunistic, require or implicit)'],
    [/^session\.quitAfter/, '--quit-after'],
    [/^session\.auth/, '--auth-user'],
    [/^route/, '--server'],
    [/^dkim/, '--dkim-headers'],
  ];
  return map.find(([re]) => re.test(schemaPath))?.[1] ?? schemaPath;
}
