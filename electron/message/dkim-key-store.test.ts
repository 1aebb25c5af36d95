import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { composeMessage } from '../smtp/message';
import { osSecretBox } from '../store/secret-box';
import { fakeSafeStorage } from '../store/test-support/fake-safe-storage';
import { DkimKeyStore } from './dkim-key-store';
import { DkimError, dkimSign } from './dkim-sign';
import { type DkimWorld, startDkimWorld } from './test-support/dkim-world';

let dir: string;
let world: DkimWorld;
beforeAll(async () => {
  world = await startDkimWorld();
});
afterAll(() => world.close());
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-dkim-store-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The base64 lines of a PEM: what must never be found outside the key's own file. */
const pemLines = (pem: string) =>
  pem.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'));
const mode = async (file: string) => (await stat(file)).mode & 0o777;

async function signAndVerify(store: DkimKeyStore, id: string) {
  const key = await store.signingKey(id);
  const message = await composeMessage({
    from: `news@${key.domain}`,
    to: ['you@example.net'],
    subject: 'Stored key',
    text: 'hi',
  });
  return (await world.verify((await dkimSign(message, key)).message)).results[0]?.status.result;
}

describe('DkimKeyStore (web and CLI modes: a file only the user can read)', () => {
  it('generates a key whose TXT record, once published, verifies what it signs', async () => {
    const store = await DkimKeyStore.open(path.join(dir, 'dkim-keys'));
    const info = await store.generate({ domain: 'Example.COM', selector: 'mx2026' });
    expect(info).toMatchObject({
      domain: 'example.com',
      selector: 'mx2026',
      algorithm: 'rsa',
      bits: 2048,
      warnings: [],
    });
    expect(info.id).toMatch(/^[0-9a-f]{16}$/);
    expect(info.txt.name).toBe('mx2026._domainkey.example.com');
    expect(info.txt.value).toMatch(/^v=DKIM1; k=rsa; p=MIIBIjAN[A-Za-z0-9+/=]+$/);
    expect(info.txt.strings.length).toBe(2);
    expect(info.txt.strings.every((s) => s.length <= 255)).toBe(true);
    expect(info.txt.strings.join('')).toBe(info.txt.value);
    expect(info.txt.zone).toBe(
      `mx2026._domainkey.example.com. IN TXT ( ${info.txt.strings.map((s) => `"${s}"`).join(' ')} )`,
    );
    world.publish(info.txt.name, info.txt.value);
    expect(await signAndVerify(store, info.id)).toBe('pass');

    const ed = await store.generate({
      domain: 'example.com',
      selector: 'ed',
      algorithm: 'ed25519',
    });
    expect(ed).toMatchObject({ algorithm: 'ed25519', bits: 256 });
    world.publish(ed.txt.name, ed.txt.value);
    expect(await signAndVerify(store, ed.id)).toBe('pass');
  });

  it('keeps each key in a 0600 file in a 0700 folder; listing shows no private half', async () => {
    const folder = path.join(dir, 'dkim-keys');
    const store = await DkimKeyStore.open(folder);
    const info = await store.generate({ domain: 'example.com', selector: 's1' });
    expect(await mode(folder)).toBe(0o700);
    const [file] = await readdir(folder);
    expect(file).toBe(`${info.id}.dkim`);
    expect(await mode(path.join(folder, file ?? ''))).toBe(0o600);
    const { privateKeyPem } = await store.signingKey(info.id);
    // Web mode: the file is the protection, so the key is in it as it is.
    expect(await readFile(path.join(folder, file ?? ''), 'utf8')).toContain(privateKeyPem);
    const shown = JSON.stringify([await store.list(), await store.get(info.id)]);
    for (const line of pemLines(privateKeyPem)) expect(shown).not.toContain(line);
    expect(Object.keys(info).sort()).toEqual(
      ['algorithm', 'bits', 'createdAt', 'domain', 'id', 'selector', 'txt', 'warnings'].sort(),
    );
  });

  it('tightens a folder made with a looser mode, and removes what a torn write left', async () => {
    const folder = path.join(dir, 'loose');
    await mkdir(folder, { mode: 0o755 });
    await writeFile(path.join(folder, '.0123456789abcdef.dkim.99.ab.tmp'), 'half a key');
    await DkimKeyStore.open(folder);
    expect(await mode(folder)).toBe(0o700);
    expect(await readdir(folder)).toEqual([]);
  });

  it('imports a PEM: a 1024-bit RSA key with a warning; a bad one, or a taken selector, refused', async () => {
    const store = await DkimKeyStore.open(path.join(dir, 'k'));
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs1',
      format: 'pem',
    }) as string;
    const info = await store.import({ domain: 'example.org', selector: 'old', pem: weak });
    expect(info).toMatchObject({ algorithm: 'rsa', bits: 1024 });
    expect(info.warnings).toEqual([expect.stringMatching(/1024 bits/)]);
    world.publish(info.txt.name, info.txt.value);
    expect(await signAndVerify(store, info.id)).toBe('pass');

    await expect(
      store.import({ domain: 'example.org', selector: 'old', pem: weak }),
    ).rejects.toThrow(/A key for old._domainkey.example.org is already stored/);
    await expect(
      store.import({ domain: 'example.org', selector: 'new', pem: 'not a key' }),
    ).rejects.toThrow(DkimError);
    await expect(store.generate({ domain: 'example org', selector: 'x' })).rejects.toThrow(
      /is not a signing domain/,
    );
    expect((await store.list()).map((k) => k.selector)).toEqual(['old']);
  });

  it('deletes by id; an id that is not one of ours names no file', async () => {
    const store = await DkimKeyStore.open(path.join(dir, 'k'));
    const info = await store.generate({
      domain: 'example.com',
      selector: 'gone',
      algorithm: 'ed25519',
    });
    expect(await store.delete('../../etc/passwd')).toBe(false);
    expect(await store.get('../x')).toBeNull();
    expect(await store.delete(info.id)).toBe(true);
    expect(await store.delete(info.id)).toBe(false);
    expect(await store.list()).toEqual([]);
    await expect(store.signingKey(info.id)).rejects.toThrow(
      `The DKIM key ${info.id} is not stored (was it deleted?).`,
    );
  });
});

describe('DkimKeyStore in the desktop app (sealed with safeStorage)', () => {
  it('stores sealed bytes, not the PEM; web mode lists the key but cannot unseal it', async () => {
    const folder = path.join(dir, 'dkim-keys');
    const desktop = await DkimKeyStore.open(folder, osSecretBox(fakeSafeStorage(), 'darwin'));
    const info = await desktop.generate({ domain: 'example.com', selector: 'sealed' });
    const { privateKeyPem } = await desktop.signingKey(info.id);
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const stored = await readFile(path.join(folder, `${info.id}.dkim`));
    const text = stored.toString('latin1');
    expect(text).not.toContain('PRIVATE KEY');
    for (const line of pemLines(privateKeyPem)) expect(text).not.toContain(line);
    const der = Buffer.from(pemLines(privateKeyPem).join(''), 'base64');
    expect(stored.includes(der.subarray(40, 72))).toBe(false);
    expect(text).toContain('mxray-secret 1 os\n');
    expect(await mode(path.join(folder, `${info.id}.dkim`))).toBe(0o600);
    world.publish(info.txt.name, info.txt.value);
    expect(await signAndVerify(desktop, info.id)).toBe('pass');

    // The same folder in web mode: the public facts are readable, the key is not.
    const web = await DkimKeyStore.open(folder);
    expect((await web.list()).map((k) => k.id)).toEqual([info.id]);
    await expect(web.signingKey(info.id)).rejects.toThrow(
      'The DKIM key for sealed._domainkey.example.com cannot be used: its private key was sealed with the system keychain by the desktop app, which web and CLI modes cannot use.',
    );
  });
});
