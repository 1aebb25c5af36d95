import { generateKeyPairSync } from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendReport } from '../../shared/send';
import { dkimTxtRecord, publicKeyValue } from '../message/dkim-keys';
import { parseDkimPrivateKey } from '../message/dkim-sign';
import { tracesOf } from '../message/test-support/key-traces';
import { type DkimLab, startDkimLab } from './test-support/dkim-lab';
import { runCli } from './test-support/run-cli';
import { EXIT } from './usage-error';

let lab: DkimLab;
beforeAll(async () => {
  lab = await startDkimLab();
});
afterAll(() => lab.close());

/** A private key file with its record published at SELECTOR._domainkey.example.com. */
async function keyFile(name: string, pem: string, mode = 0o600) {
  const file = path.join(lab.dir, name);
  await writeFile(file, pem, { mode });
  await chmod(file, mode);
  const { key, algorithm } = parseDkimPrivateKey(pem);
  const txt = dkimTxtRecord('example.com', name, algorithm, publicKeyValue(key));
  lab.world.publish(txt.name, txt.value);
  return file;
}

const rsaPem = (bits: number) =>
  generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;

const send = (...extra: string[]) =>
  runCli([
    'send',
    '--from',
    'news@example.com',
    '--to',
    'you@example.net',
    '--subject',
    'Signed by the CLI',
    '--body',
    'hello',
    '--server',
    `127.0.0.1:${lab.smtp.port}`,
    '--tls',
    'off',
    ...extra,
  ]);

const dkimFlags = (file: string, selector = path.basename(file)) => [
  '--dkim-domain',
  'example.com',
  '--dkim-selector',
  selector,
  '--dkim-key',
  file,
];

const lastReceived = () => lab.smtp.received.at(-1)?.body ?? Buffer.alloc(0);

describe('mxray send --dkim-domain --dkim-selector --dkim-key', () => {
  it('signs what it sends (a pass at the receiver), and prints the key nowhere, text or --json', async () => {
    const pem = rsaPem(2048);
    const file = await keyFile('leak', pem);

    const text = await send(...dkimFlags(file));
    expect(text.code).toBe(EXIT.ok);
    const signed = lastReceived();
    expect(signed.subarray(0, 16).toString()).toBe('DKIM-Signature: ');
    expect((await lab.world.verify(signed)).results[0]?.status.result).toBe('pass');
    // The transcript shows the message going out, signature and all; never the key.
    expect(text.stdout).toContain(
      'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com;',
    );
    expect(tracesOf(pem, text.stdout + text.stderr)).toEqual([]);

    const json = await send(...dkimFlags(file), '--json', '--dkim-canon', 'simple/simple');
    expect(json.code).toBe(EXIT.ok);
    const report = SendReport.parse(JSON.parse(json.stdout));
    expect(report.recipients[0]?.status).toBe('delivered');
    expect(report.warnings).toEqual([]);
    expect(lastReceived().toString()).toMatch(/c=simple\/simple/);
    expect((await lab.world.verify(lastReceived())).results[0]?.status.result).toBe('pass');
    expect(tracesOf(pem, json.stdout + json.stderr)).toEqual([]);

    // --repeat composes and signs once: every copy carries the signature.
    const before = lab.smtp.received.length;
    const load = await send(...dkimFlags(file), '--repeat', '2', '--json');
    expect(load.code).toBe(EXIT.ok);
    const copies = lab.smtp.received.slice(before);
    expect(copies).toHaveLength(2);
    for (const copy of copies)
      expect((await lab.world.verify(copy.body)).results[0]?.status.result).toBe('pass');
    expect(tracesOf(pem, load.stdout + load.stderr)).toEqual([]);
  });

  it('Ed25519 and a chosen header list; a 1024-bit key signs with the warning in the report', async () => {
    const ed = generateKeyPairSync('ed25519').privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const edFile = await keyFile('ed', ed);
    const signed = await send(
      ...dkimFlags(edFile),
      '--dkim-headers',
      'From:Subject:Date',
      '--json',
    );
    expect(signed.code).toBe(EXIT.ok);
    const [result] = (await lab.world.verify(lastReceived())).results;
    expect(result?.status.result).toBe('pass');
    expect(result?.algo).toBe('ed25519-sha256');
    expect(result?.signingHeaders?.keys).toBe('Date: Subject: From');

    const weak = await keyFile('weak', rsaPem(1024));
    const text = await send(...dkimFlags(weak));
    expect(text.code).toBe(EXIT.ok);
    expect(text.stdout).toMatch(/^=== The RSA key has 1024 bits: .* use 2048 bits or more\.$/m);
    expect((await lab.world.verify(lastReceived())).results[0]?.status.result).toBe('pass');
    const json = SendReport.parse(JSON.parse((await send(...dkimFlags(weak), '--json')).stdout));
    expect(json.warnings).toEqual([expect.stringMatching(/^The RSA key has 1024 bits/)]);
  });

  it('refuses, before any connection: part of the trio, a key file open to others, a key that cannot sign', async () => {
    const pem = rsaPem(2048);
    const good = await keyFile('good', pem);
    const open = await keyFile('open', pem, 0o644);
    const ecPem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const ec = path.join(lab.dir, 'ec.pem');
    await writeFile(ec, ecPem, { mode: 0o600 });
    const connections = lab.smtp.connections();
    const cases: [string[], string][] = [
      [
        ['--dkim-domain', 'example.com'],
        'mxray: send: --dkim-domain, --dkim-selector and --dkim-key go together (all three or none); missing --dkim-selector and --dkim-key',
      ],
      [
        ['--dkim-domain', 'example.com', '--dkim-key', good],
        'mxray: send: --dkim-domain, --dkim-selector and --dkim-key go together (all three or none); missing --dkim-selector',
      ],
      [
        ['--dkim-canon', 'simple/simple'],
        'mxray: send: --dkim-canon shapes a DKIM signature: give --dkim-domain, --dkim-selector and --dkim-key too',
      ],
      [
        [...dkimFlags(good), '--dkim-canon', 'loose'],
        'mxray: send: --dkim-canon must be relaxed/relaxed, relaxed/simple, simple/relaxed, simple/simple, not "loose"',
      ],
      [
        [...dkimFlags(good), '--dkim-headers', 'subject:to'],
        'mxray: send: The signed headers must include From (RFC 6376 §5.4).',
      ],
      [
        dkimFlags(open),
        `mxray: send: --dkim-key: ${open} is open to others (mode 0644); a private key must be yours alone, as ssh insists: chmod 600 ${open}`,
      ],
      [
        dkimFlags(ec, 'ec'),
        `mxray: send: ${ec}: A DKIM key is RSA or Ed25519 (RFC 8463); this is a EC key (prime256v1).`,
      ],
      [
        dkimFlags(path.join(lab.dir, 'missing.pem'), 'm'),
        `mxray: send: --dkim-key: cannot read ${path.join(lab.dir, 'missing.pem')} (no such file or directory (ENOENT))`,
      ],
      [
        ['--dkim-domain', 'example.com', '--dkim-selector', 'bad_one', '--dkim-key', good],
        'mxray: send: "bad_one" is not a DKIM selector: its label "bad_one" may hold only letters, digits and inner hyphens.',
      ],
    ];
    for (const [flags, message] of cases) {
      const { code, stdout, stderr } = await send(...flags);
      expect(stderr.trim()).toBe(message);
      expect(code).toBe(EXIT.usage);
      expect(stdout).toBe('');
      expect(tracesOf(pem, stderr)).toEqual([]);
      expect(tracesOf(ecPem, stderr)).toEqual([]);
    }
    expect(lab.smtp.connections()).toBe(connections);
  });

  it('is in the help', async () => {
    const { stdout } = await runCli(['send', '--help']);
    expect(stdout).toContain('DKIM (all three or none');
    expect(stdout).toContain('--dkim-key FILE');
    expect(stdout).toContain('chmod 600 FILE');
  });
});
