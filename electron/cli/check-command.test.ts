import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainReport } from '../../shared/domain-report';
import {
  GOOD_TEST_CHECKS,
  type ReportWorld,
  startReportWorld,
  WORLD_HELO,
} from '../report/test-support/report-world';
import { runCli } from './test-support/run-cli';

let world: ReportWorld;
let dir: string;
let caFile: string;
beforeAll(async () => {
  world = await startReportWorld();
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-cli-check-'));
  caFile = path.join(dir, 'ca.pem');
  await writeFile(caFile, world.ca);
}, 30_000);
afterAll(async () => {
  await world?.close();
  await rm(dir, { recursive: true, force: true });
});

const world$ = () => [
  '--dns',
  world.dns,
  '--port',
  String(world.port),
  '--ca',
  caFile,
  '--mta-sts-port',
  String(world.mtaStsPort),
  '--connect-timeout',
  '2',
  '--helo',
  WORLD_HELO,
];

const statusById = (report: DomainReport) =>
  Object.fromEntries(
    report.checks.map((c) => [
      `${c.id}${c.subject ? `@${c.subject.split(' ')[0]}` : ''}`,
      c.status,
    ]),
  );

describe('mxray check', () => {
  it('--json reports every check with its status; exit 0 when nothing fails', async () => {
    const { code, stdout, stderr } = await runCli([
      'check',
      'good.test',
      '--sender-domain',
      'good.test',
      '--json',
      ...world$(),
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = DomainReport.parse(JSON.parse(stdout));
    expect(report).toMatchObject({ domain: 'good.test', senderDomain: 'good.test', done: true });
    expect(statusById(report)).toEqual(GOOD_TEST_CHECKS);
    expect(report.probes[0]).toMatchObject({
      address: '127.0.9.1',
      reachable: true,
      starttls: { ok: true },
    });
  }, 60_000);

  it('--json gives the failing statuses and exit 2 when a check fails', async () => {
    const { code, stdout } = await runCli([
      'check',
      'enforce.test',
      '--sender-domain',
      'dmarc-none.test',
      '--json',
      ...world$(),
    ]);
    expect(code).toBe(2);
    const s = statusById(DomainReport.parse(JSON.parse(stdout)));
    expect(s).toMatchObject({
      'policy.mta-sts-mx': 'fail',
      'server.certificate@mx.enforce.test': 'fail',
      'policy.dane@backup.enforce.test': 'fail',
      'policy.tls-rpt': 'fail',
      'sender.dmarc': 'warn',
    });
  }, 60_000);

  it('--json tells each bad certificate, STARTTLS missing, a dead MX, MTA-STS testing, no SPF or DMARC', async () => {
    const { code, stdout } = await runCli([
      'check',
      'certs.test',
      '--sender-domain',
      'certs.test',
      '--json',
      ...world$(),
    ]);
    expect(code).toBe(2);
    expect(statusById(DomainReport.parse(JSON.parse(stdout)))).toMatchObject({
      'mx.reachable': 'warn',
      'server.connect@dead.certs.test': 'fail',
      'server.certificate@wrongname.certs.test': 'warn',
      'server.certificate@expired.certs.test': 'warn',
      'server.certificate@selfsigned.certs.test': 'warn',
      'server.starttls@plain.certs.test': 'warn',
      'server.rdns@wrongname.certs.test': 'warn',
      'policy.mta-sts': 'warn',
      'policy.mta-sts-mx': 'ok',
      'policy.tls-rpt': 'warn',
      'policy.dane@plain.certs.test': 'na',
      'sender.spf': 'warn',
      'sender.dmarc': 'warn',
    });
  }, 60_000);

  it('prints a readable report: the matrix, each check, hints and evidence under problems', async () => {
    const { code, stdout } = await runCli(['check', 'certs.test', ...world$()]);
    expect(code).toBe(2);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('=== Domain report for certs.test');
    expect(lines[1]).toMatch(/^Mail to certs\.test can be delivered, but one check fails\./);
    expect(stdout).toContain(
      `   50 dead.certs.test 127.0.9.15  does not answer: 127.0.9.15:${world.port} refused the connection.`,
    );
    expect(stdout).toMatch(
      /certificate: CN=other\.example; \d+ days left; chain verifies; name does not match/,
    );
    expect(stdout).toContain(
      '  WARN  MTA-STS policy: The policy is in testing mode (max_age 86400 s)',
    );
    expect(stdout).toContain('        | mode: testing');
    expect(stdout).toContain('        hint: Switch to mode: enforce once TLS reports are clean.');
    // The servers state the address they see MXray as: the sending IP gets its own section.
    expect(stdout).toContain('      sees you as: 127.0.0.1');
    const ipSection = stdout.slice(stdout.indexOf('\nYour sending IP\n'));
    expect(ipSection).toContain(
      '  ok    PTR of the sending IP: 127.0.0.1 has a PTR record: probe.mxray.test.',
    );
    expect(ipSection).toContain(
      '  ok    Blocklist: Spamhaus ZEN — 127.0.0.1: 127.0.0.1 is not on Spamhaus ZEN.',
    );
  }, 60_000);

  it.each([
    [
      ['check', 'a.test', '--sender-domain', 'x'],
      'mxray: check: --sender-domain: "x" is not a sender domain name, like example.com.',
    ],
    [
      ['check', 'ok.sandbox.test'],
      'mxray: check: ok.sandbox.test is a sandbox domain: add --sandbox',
    ],
    [
      ['check', 'a.test', '--ca', '/nonexistent/ca.pem'],
      'mxray: check: --ca /nonexistent/ca.pem: no such file',
    ],
  ])('refuses %j with one line and exit 1', async (args, line) => {
    const { code, stdout, stderr } = await runCli(args);
    expect({ code, stdout, stderr: stderr.trim() }).toEqual({ code: 1, stdout: '', stderr: line });
  });
});
