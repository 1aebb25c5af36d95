import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DkimTxtRecord } from '../../shared/dkim';
import { tracesOf } from '../message/test-support/key-traces';
import { type DkimLab, startDkimLab } from './test-support/dkim-lab';
import { CLI, runCli } from './test-support/run-cli';
import { EXIT } from './usage-error';

let lab: DkimLab;
beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
  lab = await startDkimLab();
});
afterAll(() => lab.close());

const keygen = (...args: string[]) => runCli(['dkim', 'keygen', ...args]);

describe('mxray dkim keygen', () => {
  it('writes a 0600 PEM and prints the TXT record that, once published, verifies what send signs', async () => {
    const out = path.join(lab.dir, 'rsa.pem');
    const { code, stdout, stderr } = await keygen(
      '--domain',
      'example.com',
      '--selector',
      'cli2026',
      '--out',
      out,
    );
    expect(stderr).toBe('');
    expect(code).toBe(EXIT.ok);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const pem = await readFile(out, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(tracesOf(pem, stdout)).toEqual([]);
    const value = /^ {2}value: (v=DKIM1; k=rsa; p=\S+)$/m.exec(stdout)?.[1] ?? '';
    expect(stdout).toContain(`Wrote the private key to ${out} (RSA 2048 bits, mode 0600)`);
    expect(stdout).toContain('  name:  cli2026._domainkey.example.com\n');
    expect(stdout).toMatch(
      /^ {2}cli2026\._domainkey\.example\.com\. IN TXT \( "v=DKIM1; k=rsa; p=\S{237}" "\S+" \)$/m,
    );
    expect(stdout).toContain(
      `Then: mxray send --dkim-domain example.com --dkim-selector cli2026 --dkim-key ${out} …`,
    );

    lab.world.publish('cli2026._domainkey.example.com', value);
    const sent = await runCli([
      'send',
      '--from',
      'news@example.com',
      '--to',
      'you@example.net',
      '--server',
      `127.0.0.1:${lab.smtp.port}`,
      '--tls',
      'off',
      '--dkim-domain',
      'example.com',
      '--dkim-selector',
      'cli2026',
      '--dkim-key',
      out,
    ]);
    expect(sent.code).toBe(EXIT.ok);
    const received = lab.smtp.received.at(-1)?.body ?? Buffer.alloc(0);
    expect((await lab.world.verify(received)).results[0]?.status.result).toBe('pass');
  });

  it('--json: the record whole and in strings, for Ed25519 too; never the key', async () => {
    const out = path.join(lab.dir, 'ed.pem');
    const { code, stdout } = await keygen(
      '--domain',
      'Example.COM',
      '--selector',
      'ed',
      '--algorithm',
      'ed25519',
      '--out',
      out,
      '--json',
    );
    expect(code).toBe(EXIT.ok);
    const doc = JSON.parse(stdout);
    expect(DkimTxtRecord.parse(doc)).toMatchObject({ name: 'ed._domainkey.example.com' });
    expect(doc).toMatchObject({
      algorithm: 'ed25519',
      bits: 256,
      keyFile: out,
      domain: 'example.com',
    });
    expect(doc.value).toMatch(/^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/);
    expect(doc.strings).toEqual([doc.value]);
    expect(tracesOf(await readFile(out, 'utf8'), stdout)).toEqual([]);
  });

  it('refuses, in one line, what cannot be: a taken --out, bits for Ed25519, a bad name, a missing flag', async () => {
    const taken = path.join(lab.dir, 'taken.pem');
    await writeFile(taken, 'a key in use');
    const cases: [string[], string][] = [
      [
        ['--domain', 'example.com', '--selector', 's', '--out', taken],
        `mxray: dkim keygen: ${taken} exists; choose another --out, or remove it first if it is no key in use`,
      ],
      [
        [
          '--domain',
          'example.com',
          '--selector',
          's',
          '--algorithm',
          'ed25519',
          '--bits',
          '4096',
          '--out',
          'x',
        ],
        'mxray: dkim keygen: --bits is for RSA; an Ed25519 key has no size to choose',
      ],
      [
        ['--domain', 'example.com', '--selector', 's', '--bits', '1024', '--out', 'x'],
        'mxray: dkim keygen: --bits is 2048, 3072, 4096, not "1024"',
      ],
      [
        ['--domain', 'example.com', '--selector', 's', '--algorithm', 'ecdsa', '--out', 'x'],
        'mxray: dkim keygen: --algorithm is rsa or ed25519, not "ecdsa"',
      ],
      [
        ['--domain', 'example.com', '--selector', 'a_b', '--out', 'x'],
        'mxray: dkim keygen: "a_b" is not a DKIM selector: its label "a_b" may hold only letters, digits and inner hyphens.',
      ],
      [['--domain', 'example.com', '--selector', 's'], 'mxray: dkim keygen: --out is required'],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await keygen(...args);
      expect(stderr.trim()).toBe(message);
      expect(code).toBe(EXIT.usage);
    }
    expect(await readFile(taken, 'utf8')).toBe('a key in use');
    expect(existsSync(path.join(process.cwd(), 'x'))).toBe(false);
    const unknown = await runCli(['dkim', 'sign']);
    expect(unknown.stderr.trim()).toBe(
      "mxray: dkim: unknown subcommand 'sign' (mxray dkim keygen; see mxray dkim --help)",
    );
    const help = await runCli(['dkim', '--help']);
    expect(help.stdout).toMatch(/^Usage: mxray dkim keygen --domain D --selector S --out FILE/);
    expect((await runCli(['--help'])).stdout).toContain(
      'mxray dkim keygen --domain D --selector S --out F',
    );
  });
});
