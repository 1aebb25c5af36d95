import path from 'node:path';
import { controlCharacterIn } from '../../shared/control-chars';
import { isSandboxDomain } from '../../shared/sandbox';
import type { VerifyResult } from '../../shared/verify';
import { toCsv } from '../../shared/verify-csv';
import { defaultDataDir } from '../app/data-dir';
import { defaultHeloName } from '../delivery/prepare-send';
import { routeResolver } from '../dns/routing';
import { DEFAULT_WINDOW, type WindowLimits } from '../queue/destination-window';
import { sandboxRouting } from '../sandbox/mode-policy';
import { openSandbox } from '../sandbox/open-sandbox';
import { staggerOf } from '../smtp/race-addresses';
import { checkAddress } from '../verify/address-syntax';
import { verifyAddresses } from '../verify/verifier';
import { explanationLines } from './explanation-lines';
import { dnsServersFlag, parseCommandArgs, positiveNumber, staggerFlag } from './parse';
import { printable } from './printable';
import { progressLine } from './progress-line';
import { EXIT, UsageError } from './usage-error';
import { addressesFromFile } from './verify-io';

export const verifyHelp = `Usage: mxray verify ADDRESS… [options]
       mxray verify --file F [options]

Does each mailbox exist? Syntax, then the domain's MX (failing over as delivery does), then an
SMTP probe that asks RCPT TO and never sends DATA: a domain's addresses in transactions of
up to 100 RCPT, in a few sessions at once for a large domain (one for up to --batch addresses),
a random address once per domain to spot catch-all domains.

Options:
  --file F              addresses from a file: one per line, or CSV (an "email" column, else the first)
  --probe-from A        MAIL FROM of the probe (default: the null sender <>, which every MX must take)
  --helo NAME           name announced in EHLO (default: this machine's host name)
  --tls MODE            off | opportunistic | require (default opportunistic)
  --port N              port for the MX hosts (default 25)
  --dns HOST[:PORT]     DNS server to ask instead of the system's; repeatable
  --timeout SECONDS     longest wait for any one reply (default 30)
  --connect-timeout SECONDS
  --stagger SECONDS     when an MX address has not greeted within this, start the next beside
                        it (up to 3 at once); the first to greet goes on, the others are closed
                        before MAIL FROM (default 2; 0: one address at a time)
  --batch N             RCPT TO per transaction (default 100; a server's "too many" is followed)
  --concurrency N       domains probed at once (default 10)
  --per-domain N        at most N sessions at once to one domain (default 10; from 1 to 100): the
                        limit starts at 2 (or N if less), grows by one per session that went well
                        and halves on a 421, a refused connection or "too many connections";
                        1 asks all of a domain's addresses in one session
  --pace MS             least time between the starts of two sessions to one domain (default 0)
  --wait                probe greylisted addresses again when the server says (up to 10 min)
  --sandbox             verify *.sandbox.test addresses against MXray's embedded servers
  --json                one JSON document: { "results": [...], "sessions": [...] }
  --csv                 CSV: address,verdict,reason,catch_all,reply,mx
  --no-progress         no progress line: on a terminal, stderr shows how many addresses are
                        done of how many, the rate and the time left (never on stdout, and not
                        when stderr is a file or a pipe, or TERM=dumb)
  -h, --help            show this help

Verdicts: deliverable, undeliverable (5.1.1 and kin), risky (catch-all, mailbox full, role
account), unknown (greylisted, timeouts, port 25 blocked, every MX down). A reply a provider
rule knows (Gmail, Microsoft, Yahoo, a blocklist, greylisting…) names the provider in the
reason and is explained under the line (what it means, what to do, the provider's page;
"explanation" in --json). Exit code 0 when the command ran, 1 for bad input.`;

const out = (text: string) => process.stdout.write(text);
/** As Settings' perDomainConcurrencyMax. */
const MAX_PER_DOMAIN = 100;

/** `--per-domain -1` would be an "ambiguous" parse error: keep a negative value with its flag. */
const joinNegative = (args: string[]) =>
  args.flatMap((a, i) =>
    a === '--per-domain' && /^-\d/.test(args[i + 1] ?? '')
      ? [`${a}=${args[i + 1]}`]
      : i > 0 && args[i - 1] === '--per-domain' && /^-\d/.test(a)
        ? []
        : [a],
  );

/** --per-domain N: a window from min(2, N) up to N sessions at once to one domain. */
function perDomainFlag(value: string | undefined): WindowLimits | undefined {
  const max = positiveNumber('verify', 'per-domain', value, true, MAX_PER_DOMAIN);
  return max === undefined ? undefined : { initial: Math.min(DEFAULT_WINDOW.initial, max), max };
}

export async function runVerify(args: string[]): Promise<number> {
  const { values: v, positionals } = parseCommandArgs('verify', joinNegative(args), {
    file: { type: 'string' },
    'probe-from': { type: 'string' },
    helo: { type: 'string' },
    tls: { type: 'string' },
    port: { type: 'string' },
    dns: { type: 'string', multiple: true },
    timeout: { type: 'string' },
    'connect-timeout': { type: 'string' },
    stagger: { type: 'string' },
    batch: { type: 'string' },
    concurrency: { type: 'string' },
    'per-domain': { type: 'string' },
    pace: { type: 'string' },
    wait: { type: 'boolean' },
    sandbox: { type: 'boolean' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
  });
  const values = v as Record<string, string | string[] | boolean | undefined>;
  const str = (k: string) => values[k] as string | undefined;
  if (values.help) {
    console.log(verifyHelp);
    return EXIT.ok;
  }
  // A control character on the command line is a slip of the shell, not an address to judge.
  for (const a of positionals) {
    const control = controlCharacterIn(a);
    if (control) throw new UsageError(`verify: ${JSON.stringify(a)} contains ${control}`);
  }
  const addresses = [
    ...positionals,
    ...(str('file') ? await addressesFromFile(str('file') ?? '') : []),
  ];
  if (addresses.length === 0)
    throw new UsageError('verify: give at least one ADDRESS or --file F (see mxray verify --help)');
  const tls = str('tls') ?? 'opportunistic';
  if (!['off', 'opportunistic', 'require'].includes(tls))
    throw new UsageError(`verify: --tls must be off, opportunistic or require, not "${tls}"`);
  const probeFrom = str('probe-from') ?? '';
  if (probeFrom !== '' && !checkAddress(probeFrom).ok)
    throw new UsageError(`verify: --probe-from must be an address, not "${probeFrom}"`);
  const sandboxMode = values.sandbox === true;
  for (const a of addresses) {
    const syntax = checkAddress(a);
    if (syntax.ok && isSandboxDomain(syntax.domain) !== sandboxMode)
      throw new UsageError(
        sandboxMode
          ? `verify: --sandbox verifies only *.sandbox.test addresses; ${a} is not one`
          : `verify: ${a} is a sandbox domain: add --sandbox`,
      );
  }
  const servers = dnsServersFlag('verify', values.dns);
  const timeoutMs = (positiveNumber('verify', 'timeout', str('timeout')) ?? 30) * 1000;
  const perDomain = perDomainFlag(str('per-domain'));
  const stagger = staggerOf(staggerFlag('verify', str('stagger')));
  const pace = Number(str('pace') ?? 0);
  if (!(Number.isFinite(pace) && pace >= 0))
    throw new UsageError(
      `verify: --pace must be a number of milliseconds, 0 or more, not "${str('pace')}"`,
    );
  const sandbox = sandboxMode
    ? await openSandbox(path.resolve(str('data-dir') ?? defaultDataDir()))
    : null;
  try {
    const routing = {
      servers,
      ...sandboxRouting(sandbox, () => (sandbox ? 'sandbox' : 'internet'), 'needs --sandbox'),
    };
    const run = async (list: string[]) => {
      const progress = progressLine(process.stderr, {
        label: 'verify',
        enabled: values['no-progress'] !== true,
      });
      let total = 0;
      let done = 0;
      try {
        return await verifyAddresses(list, {
          resolve: routeResolver(routing),
          probeFrom,
          helo: str('helo') ?? defaultHeloName(),
          tls: tls as 'off',
          port: positiveNumber('verify', 'port', str('port')) ?? 25,
          timeouts: {
            connect:
              (positiveNumber('verify', 'connect-timeout', str('connect-timeout')) ?? 30) * 1000,
            banner: timeoutMs,
            command: timeoutMs,
            mail: timeoutMs,
            rcpt: timeoutMs,
          },
          stagger,
          batchSize: Math.floor(positiveNumber('verify', 'batch', str('batch')) ?? 100),
          concurrency: Math.floor(
            positiveNumber('verify', 'concurrency', str('concurrency')) ?? 10,
          ),
          perDomain,
          paceMs: pace,
          onPlanned: (n) => {
            total = n;
            progress.update(done, total);
          },
          onResult: (r) => {
            if (!values.json && !values.csv) {
              progress.clear();
              out(`${r.verdict.padEnd(13)} ${printable(r.address)}  ${printable(r.reason)}\n`);
              for (const line of explanationLines(r.explanation))
                out(`${' '.repeat(14)}${printable(line)}\n`);
            }
            done++;
            // An invalid address is answered before the plan: no line until the total is known.
            if (total) progress.update(done, total);
          },
        });
      } finally {
        progress.end();
      }
    };
    let { results, sessions } = await run(addresses);
    for (let round = 0; values.wait && round < 3; round++) {
      const grey = results.filter((r) => r.verdict === 'unknown' && r.nextAttemptAt);
      if (!grey.length) break;
      const at = Math.min(...grey.map((r) => Date.parse(r.nextAttemptAt ?? '')));
      const wait = Math.min(600_000, Math.max(0, at - Date.now()));
      if (!values.json && !values.csv)
        out(`=== ${grey.length} greylisted; asking again in ${Math.ceil(wait / 1000)} s\n`);
      await new Promise((r) => setTimeout(r, wait));
      const again = await run(grey.map((r) => r.address));
      const by = new Map(again.results.map((r) => [r.address, r]));
      results = results.map((r) => by.get(r.address) ?? r);
      sessions = [...sessions, ...again.sessions];
    }
    if (values.json)
      out(
        `${JSON.stringify({ results, sessions: sessions.map(({ transcript: _, ...s }) => s) }, null, 2)}\n`,
      );
    else if (values.csv) out(toCsv(results));
    else out(`=== ${summary(results)}\n`);
    return EXIT.ok;
  } finally {
    await sandbox?.close();
  }
}

function summary(results: VerifyResult[]): string {
  const count = (v: string) => results.filter((r) => r.verdict === v).length;
  return `${results.length} addresses: ${count('deliverable')} deliverable, ${count('undeliverable')} undeliverable, ${count('risky')} risky, ${count('unknown')} unknown`;
}
