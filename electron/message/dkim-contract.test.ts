import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RpcCallError } from '../../shared/rpc';
import type { SendRequestInput } from '../../shared/send';
import { openWebClient, type WebClient } from '../app/test-support/web-client';
import { startSmtpServer, type TestSmtpServer } from '../smtp/test-support/smtp-server';
import { filesUnder } from '../store/test-support/files-under';
import { type DkimWorld, startDkimWorld } from './test-support/dkim-world';
import { tracesOf } from './test-support/key-traces';

let dir: string;
let web: WebClient;
let smtp: TestSmtpServer;
let world: DkimWorld;
beforeAll(async () => {
  smtp = await startSmtpServer();
  world = await startDkimWorld();
});
afterAll(async () => {
  await smtp.close();
  await world.close();
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-dkim-contract-'));
  web = await openWebClient(dir);
});
afterEach(async () => {
  await web.close();
  await rm(dir, { recursive: true, force: true });
});

const pemOf = (key: ReturnType<typeof generateKeyPairSync>['privateKey']) =>
  key.export({ type: 'pkcs8', format: 'pem' }) as string;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as RpcCallError,
  );

const signedRequest = (keyId: string): SendRequestInput => ({
  envelope: { mailFrom: 'news@example.com', rcptTo: ['you@example.net'] },
  message: { from: 'news@example.com', to: ['you@example.net'], subject: 'Signed', text: 'hi' },
  route: { kind: 'server', server: { host: '127.0.0.1', port: smtp.port } },
  session: { helo: 'client.mxray.test', tls: 'off' },
  dkim: { keyId },
});

describe('DKIM keys through the contract', () => {
  it('generates, imports, lists and deletes keys; answers carry the TXT record, never the key', async () => {
    const api = web.client.api;
    const made = await api['dkim.keys.generate']({ domain: 'example.com', selector: 'gen' });
    expect(made).toMatchObject({
      domain: 'example.com',
      selector: 'gen',
      algorithm: 'rsa',
      bits: 2048,
    });
    expect(made.txt.name).toBe('gen._domainkey.example.com');
    const pem = pemOf(generateKeyPairSync('ed25519').privateKey);
    const imported = await api['dkim.keys.import']({ domain: 'example.com', selector: 'imp', pem });
    expect(imported).toMatchObject({ algorithm: 'ed25519', bits: 256, warnings: [] });
    const listed = await api['dkim.keys.list']({});
    expect(listed.map((k) => k.selector).sort()).toEqual(['gen', 'imp']);

    // What the generated key is, read from its file (web mode: a 0600 file is its protection).
    const file = await readFile(path.join(dir, 'dkim-keys', `${made.id}.dkim`), 'utf8');
    const generatedPem = file.slice(file.indexOf('-----BEGIN'));
    expect(generatedPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const shown = JSON.stringify([made, imported, listed, web.events]);
    expect(tracesOf(generatedPem, shown)).toEqual([]);
    expect(tracesOf(pem, shown)).toEqual([]);

    expect(await api['dkim.keys.delete']({ id: made.id })).toEqual({ ok: true });
    expect(await api['dkim.keys.delete']({ id: made.id })).toEqual({ ok: false });
    expect((await api['dkim.keys.list']({})).map((k) => k.id)).toEqual([imported.id]);
  });

  it('refuses bad input with a sentence: a bad PEM, a taken selector, a selector that is not one', async () => {
    const api = web.client.api;
    const pem = pemOf(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
    const ec = await failure(
      api['dkim.keys.import']({ domain: 'example.com', selector: 's', pem }),
    );
    expect(ec).toBeInstanceOf(RpcCallError);
    expect(ec?.kind).toBe('bad-input');
    expect(ec?.message).toBe(
      'A DKIM key is RSA or Ed25519 (RFC 8463); this is a EC key (prime256v1).',
    );
    expect(tracesOf(pem, ec?.message ?? '')).toEqual([]);

    await api['dkim.keys.generate']({ domain: 'example.com', selector: 's', algorithm: 'ed25519' });
    const taken = await failure(
      api['dkim.keys.generate']({ domain: 'EXAMPLE.com', selector: 's', algorithm: 'ed25519' }),
    );
    expect(taken?.message).toMatch(/^A key for s\._domainkey\.example\.com is already stored/);

    const badSelector = await failure(
      api['dkim.keys.generate']({ domain: 'example.com', selector: 'under_score' }),
    );
    expect(badSelector?.kind).toBe('invalid-request');
    expect(badSelector?.issues[0]?.message).toMatch(
      /^Not a DKIM selector: its label "under_score"/,
    );
    const edBits = await failure(
      api['dkim.keys.generate']({
        domain: 'example.com',
        selector: 'x',
        algorithm: 'ed25519',
        bits: 2048,
      }),
    );
    expect(edBits?.issues[0]).toMatchObject({ message: 'An Ed25519 key has no size to choose' });
    const unknown = await failure(api['outbox.enqueue'](signedRequest('0123456789abcdef')));
    expect(unknown?.kind).toBe('bad-input');
    expect(unknown?.message).toBe('The DKIM key 0123456789abcdef is not stored (was it deleted?).');
  });
});

describe('a send signed with a stored key', () => {
  it('arrives signed (DKIM pass); the key is in no other file, transcript, export or event', async () => {
    const api = web.client.api;
    const pem = pemOf(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    const key = await api['dkim.keys.import']({ domain: 'example.com', selector: 'leak', pem });
    world.publish(key.txt.name, key.txt.value);
    const { deliveries } = await api['outbox.enqueue'](signedRequest(key.id));
    const id = deliveries[0]?.id ?? '';
    await expect.poll(async () => (await api['outbox.get']({ id }))?.status).toBe('done');

    const received = smtp.received.at(-1)?.body ?? Buffer.alloc(0);
    expect(received.subarray(0, 16).toString()).toBe('DKIM-Signature: ');
    expect((await world.verify(received)).results[0]?.status.result).toBe('pass');

    // What the UI can ask for: the delivery, its transcript, the .eml export, the request.
    const views = [
      await api['outbox.get']({ id }),
      await api['outbox.list']({}),
      await api['outbox.transcript']({ id, after: 0 }),
      await api['outbox.message']({ id }),
      await api['outbox.request']({ id }),
      await api['dkim.keys.list']({}),
      web.events,
    ];
    const exported = await api['outbox.message']({ id });
    expect(Buffer.from(exported?.base64 ?? '', 'base64').equals(received)).toBe(true);
    expect((await api['outbox.request']({ id }))?.dkim).toEqual({
      keyId: key.id,
      canonicalization: 'relaxed/relaxed',
    });
    const transcript = JSON.stringify(views[2]);
    expect(transcript).toContain('DATA');
    expect(tracesOf(pem, JSON.stringify(views))).toEqual([]);

    // On disk: the signed message is kept (outbox/messages), the key only in its own file.
    const files = await filesUnder(dir);
    const holding: string[] = [];
    let signedCopies = 0;
    for (const file of files) {
      const text = (await readFile(file)).toString('latin1');
      if (tracesOf(pem, text).length) holding.push(path.relative(dir, file));
      if (text.startsWith('DKIM-Signature: ')) signedCopies++;
    }
    expect(holding).toEqual([path.join('dkim-keys', `${key.id}.dkim`)]);
    expect(signedCopies).toBeGreaterThanOrEqual(1);
  });

  it('a key deleted while its message waits: the message bounces with the reason, never goes unsigned', async () => {
    const api = web.client.api;
    const key = await api['dkim.keys.generate']({
      domain: 'example.com',
      selector: 'brief',
      algorithm: 'ed25519',
    });
    await api['outbox.pause']({ paused: true });
    const before = smtp.received.length;
    const { deliveries } = await api['outbox.enqueue'](signedRequest(key.id));
    const id = deliveries[0]?.id ?? '';
    await api['dkim.keys.delete']({ id: key.id });
    await api['outbox.pause']({ paused: false });
    await expect.poll(async () => (await api['outbox.get']({ id }))?.status).toBe('done');
    const delivery = await api['outbox.get']({ id });
    expect(delivery?.recipients[0]).toMatchObject({
      status: 'bounced',
      result: {
        reason: `The message could not be composed: The DKIM key ${key.id} is not stored (was it deleted?).`,
      },
    });
    expect(smtp.received.length).toBe(before);
  });
});
