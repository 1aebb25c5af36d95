import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageReport } from '../../shared/message-report';
import { startDnsServer, type TestDnsServer } from '../dns/test-support/dns-server';
import { plainMessage, rsaKey, signed, WITH_ONE_CLICK } from '../message/test-support/signed-mail';
import { CLI, runCli } from './test-support/run-cli';

const FIXTURES = path.resolve('electron/message/fixtures');
let dns: TestDnsServer;
let dir: string;
let goodFile: string;
let lfFile: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
  const key = rsaKey(2048);
  dns = await startDnsServer({
    'good.test': [{ type: 'TXT', text: 'v=spf1 ip4:127.0.8.1 -all' }],
    '_dmarc.good.test': [{ type: 'TXT', text: 'v=DMARC1; p=reject; rua=mailto:d@good.test' }],
    'sel._domainkey.good.test': [{ type: 'TXT', text: key.record }],
    '1.8.0.127.in-addr.arpa': [{ type: 'PTR', target: 'mail.good.test' }],
    'mail.good.test': [{ type: 'A', address: '127.0.8.1' }],
  });
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-inspect-'));
  goodFile = path.join(dir, 'good.eml');
  await writeFile(
    goodFile,
    await signed(
      plainMessage({
        headers: [
          'List-Unsubscribe: <https://good.test/u>',
          'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
        ],
      }),
      key,
      'good.test',
      'sel',
      undefined,
      WITH_ONE_CLICK,
    ),
  );
  // Mixed line endings: a bare LF inside CRLF text, as the SMTP smuggling attempts sent.
  lfFile = path.join(dir, 'bare-lf.eml');
  await writeFile(
    lfFile,
    Buffer.from(plainMessage().toString().replace('Hello there.\r\n', 'Hello there.\n')),
  );
}, 60_000);
afterAll(async () => {
  await dns?.close();
  await rm(dir, { recursive: true, force: true });
});

const envelope = () => [
  '--dns',
  dns.address,
  '--ip',
  '127.0.8.1',
  '--helo',
  'mail.good.test',
  '--mail-from',
  'bounce@good.test',
];

describe('mxray inspect', () => {
  it('prints the report: verdicts, the checklist by section; exit 0 when nothing fails', async () => {
    const { code, stdout, stderr } = await runCli(['inspect', goodFile, ...envelope()]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('=== Message report: Hello');
    expect(lines).toContain(`  DNS asked: ${dns.address}`);
    expect(stdout).toMatch(/^ {2}SPF: pass — 127\.0\.8\.1 is allowed to send for good\.test/m);
    expect(stdout).toMatch(/^ {4}d=good\.test s=sel rsa-sha256: pass, rsa 2048 bits, aligned$/m);
    expect(stdout).toMatch(/^ {2}DMARC: pass — /m);
    expect(stdout).toMatch(/^ {2}ok {4}One-click unsubscribe: /m);
    expect(stdout).toMatch(
      /^ {2}ok {4}Reverse DNS of the sending IP: 127\.0\.8\.1 → mail\.good\.test → 127\.0\.8\.1/m,
    );
    expect(stdout).toContain('Spam: not configured');
  }, 30_000);

  it('--json is one document that parses as the MessageReport contract', async () => {
    const { code, stdout } = await runCli(['inspect', goodFile, '--json', ...envelope()]);
    expect(code).toBe(0);
    const report = MessageReport.parse(JSON.parse(stdout));
    expect(report).toMatchObject({
      kind: 'received',
      source: { kind: 'file', name: 'good.eml' },
      mode: 'internet',
      envelope: { ip: '127.0.8.1', helo: 'mail.good.test', mailFrom: 'bounce@good.test' },
      authentication: {
        spf: { result: 'pass' },
        dkim: { result: 'pass' },
        dmarc: { result: 'pass' },
      },
      summary: { worst: 'ok' },
    });
  }, 30_000);

  it('exit 2 when a check fails (a bare LF), with the hint under it', async () => {
    const { code, stdout } = await runCli(['inspect', lfFile, '--sandbox']);
    expect(code).toBe(2);
    expect(stdout).toMatch(
      /^ {2}FAIL {2}Line endings: Line breaks other than CRLF: 1 bare LF \(first on line 10\)/m,
    );
    expect(stdout).toContain('        hint: End every line with CRLF');
    expect(stdout).toMatch(/^1 failure \(Line endings\): /m);
  }, 30_000);

  it('a saved .eml with Unix line endings (the HTML fixture) warns about flexbox and one-click unsubscribe', async () => {
    const { code, stdout } = await runCli([
      'inspect',
      path.join(FIXTURES, 'newsletter-flexbox.eml'),
      '--sandbox',
      '--json',
    ]);
    expect(code).toBe(0);
    const report = MessageReport.parse(JSON.parse(stdout));
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({
      'hygiene.line-endings': 'ok',
      'bulk.one-click': 'warn',
      'content.html': 'warn',
    });
    expect(
      report.html.issues.find((i) => i.feature === 'display:flex' && i.support === 'none')?.clients,
    ).toContain('outlook.windows');
    expect(report.authentication.checked).toBe(false);
    expect(report.links.items.map((l) => l.url)).toEqual([
      'https://shop.example/sale',
      'https://cdn.shop.example/logo.png',
    ]);
  }, 30_000);

  it('reads standard input for "-"', async () => {
    const child = spawn(process.execPath, [CLI, 'inspect', '-', '--sandbox', '--markdown'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(plainMessage());
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('# Message report: Hello');
    expect(out).toContain('## Message format (RFC 5322)');
  }, 30_000);

  it('says clearly when the file is not a message, or not there; exit 1', async () => {
    const pdf = await runCli(['inspect', path.join(FIXTURES, 'not-a-message.pdf')]);
    expect(pdf.code).toBe(1);
    expect(pdf.stderr).toMatch(
      /^mxray: inspect: .*not-a-message\.pdf is not a mail message: its first line is not a header field \("Name: value"\): "%PDF-1\.7"\n$/,
    );
    const missing = await runCli(['inspect', path.join(dir, 'nope.eml')]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/cannot read .*nope\.eml \(no such file\)/);
    const usage = await runCli(['inspect', goodFile, '--ip', 'mail.good.test']);
    expect(usage.stderr).toBe(
      'mxray: inspect: --ip must be an IPv4 or IPv6 address, not "mail.good.test"\n',
    );
    expect((await runCli(['inspect', goodFile, '--spamd', 'localhost'])).stderr).toMatch(
      /--spamd: spamd must be host:port/,
    );
    expect((await runCli(['inspect', '--sandbox', '--check-links', goodFile])).code).toBe(1);
  }, 30_000);

  it('--help names the options and the exit codes; the main help lists inspect', async () => {
    const help = await runCli(['inspect', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--mail-from ADDRESS');
    expect(help.stdout).toContain('2 when a check fails');
    expect((await runCli(['--help'])).stdout).toContain('mxray inspect FILE.eml');
  }, 30_000);
});
