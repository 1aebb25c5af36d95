import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxDelivery } from '../../shared/outbox';
import { SendRequest } from '../../shared/send';
import { killAllWeb, startWeb } from '../cli/test-support/web-process';
import { selfSignedCert } from '../smtp/test-support/certs';
import { startSmtpServer, type TestSmtpServer } from '../smtp/test-support/smtp-server';
import { Journal } from '../store/journal';
import { osSecretBox } from '../store/secret-box';
import { fakeSafeStorage } from '../store/test-support/fake-safe-storage';
import { filesUnder } from '../store/test-support/files-under';
import { systemClock } from './clock';
import { newDeliveries } from './delivery-state';
import { Outbox } from './outbox';
import { OutboxStore } from './outbox-store';
import { DEFAULT_RETRY_POLICY } from './retry-policy';

const PASSWORD = 'Hunter2-relay-PW-9f3c';
const USER = 'relay-user';

/** Every way the password could sit in a file: as given, and as AUTH PLAIN/LOGIN send it. */
const FORMS = [
  PASSWORD,
  Buffer.from(PASSWORD).toString('base64'),
  Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64'),
  Buffer.from(`${USER}\0${USER}\0${PASSWORD}`).toString('base64'),
];

/** Files in the data folder holding the password in any form. */
async function holdingPassword(folder: string): Promise<string[]> {
  const holding: string[] = [];
  for (const file of await filesUnder(folder)) {
    const text = (await readFile(file)).toString('latin1');
    if (FORMS.some((form) => text.includes(form))) holding.push(path.relative(folder, file));
  }
  return holding;
}

function relayRequest(port: number): SendRequest {
  return SendRequest.parse({
    envelope: { mailFrom: 'me@mxray.test', rcptTo: ['you@relay.test'] },
    message: { from: 'me@mxray.test', to: ['you@relay.test'], subject: 'via relay', text: 'hi' },
    route: { kind: 'server', server: { host: '127.0.0.1', port } },
    session: { helo: 'client.mxray.test', auth: { user: USER, pass: PASSWORD }, timeoutSeconds: 5 },
  });
}

let dir: string;
let relay: TestSmtpServer;
const logins: string[] = [];
let rcptCount = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-secrets-'));
  const { key, cert } = await selfSignedCert('relay.secrets.test');
  // A submission relay: STARTTLS, AUTH PLAIN required, and a 450 to the first RCPT, so the
  // message waits in the outbox (password and all) for a retry.
  relay = await startSmtpServer({
    disabledCommands: [],
    key,
    cert,
    authMethods: ['PLAIN'],
    authOptional: false,
    onAuth(auth, _session, callback) {
      logins.push(`${auth.username}:${auth.password}`);
      if (auth.username === USER && auth.password === PASSWORD)
        return callback(null, { user: USER });
      callback(Object.assign(new Error('5.7.8 bad credentials'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      if (++rcptCount === 1)
        return callback(Object.assign(new Error('4.7.1 Try again later'), { responseCode: 450 }));
      callback();
    },
  });
});
afterAll(async () => {
  killAllWeb();
  await relay?.close();
  await rm(dir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('relay passwords at rest', () => {
  it('keep only a 0600 file of their own while needed, survive kill -9, and leave nothing after', async () => {
    const dataDir = path.join(dir, 'web');
    const first = await startWeb(dataDir);
    const queued = await first.client.api['outbox.enqueue'](relayRequest(relay.port));
    const id = queued.deliveries[0]?.id as string;
    await until('the deferral', async () => {
      const d = (await first.client.api['outbox.get']({ id })) as OutboxDelivery | null;
      return d?.status === 'deferred' ? d : undefined;
    });
    expect(logins).toEqual([`${USER}:${PASSWORD}`]);

    // While the message waits: only its sealed file holds the password, readable by the user only.
    const holding = await holdingPassword(dataDir);
    expect(holding).toHaveLength(1);
    expect(holding[0]).toMatch(/^outbox\/secrets\/[0-9a-f]{32}\.secret$/);
    expect((await stat(path.join(dataDir, holding[0] as string))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dataDir, 'outbox', 'secrets'))).mode & 0o777).toBe(0o700);
    for (const file of await filesUnder(dataDir))
      expect((await stat(file)).mode & 0o077, `${file} is private`).toBe(0);
    // Nor do the UI's views of it: the request it shows, the transcript it exports.
    const shown = await first.client.api['outbox.request']({ id });
    expect(shown?.session.auth).toEqual({ user: USER, pass: '' });
    const transcript = JSON.stringify(await first.client.api['outbox.transcript']({ id }));
    for (const form of FORMS) expect(transcript).not.toContain(form);

    first.child.kill('SIGKILL');
    await first.exited;
    const second = await startWeb(dataDir);
    await second.client.api['outbox.retryNow']({ id });
    await until('the delivery', async () => {
      const d = (await second.client.api['outbox.get']({ id })) as OutboxDelivery | null;
      return d?.status === 'done' ? d : undefined;
    });
    // The retry after the restart logged in with the password from the sealed file.
    expect(logins).toEqual([`${USER}:${PASSWORD}`, `${USER}:${PASSWORD}`]);
    expect(relay.received).toHaveLength(1);
    // Delivered, nothing will be retried: the password is gone from the disk altogether.
    await until('the password file to go', async () =>
      (await holdingPassword(dataDir)).length === 0 ? true : undefined,
    );
    expect(await readdir(path.join(dataDir, 'outbox', 'secrets'))).toEqual([]);
    for (const form of FORMS) {
      expect(first.stderr()).not.toContain(form);
      expect(second.stderr()).not.toContain(form);
    }
    second.child.kill('SIGTERM');
    await second.exited;
  });

  it('moves a password an older version kept in the journal into its own file, and compacts', async () => {
    const store = path.join(dir, 'older');
    const journal = await Journal.open(store);
    const request = relayRequest(relay.port);
    await journal.put('message:<old@mxray.test>', {
      messageId: '<old@mxray.test>',
      date: new Date().toISOString(),
      composed: false,
      file: null,
      request,
    });
    await journal.close();
    expect(await holdingPassword(store)).toEqual(['journal.jsonl']);

    const outbox = await OutboxStore.open(store);
    expect(await holdingPassword(store)).toEqual([
      expect.stringMatching(/^secrets\/[0-9a-f]{32}\.secret$/),
    ]);
    const stored = outbox.message('<old@mxray.test>');
    expect(stored?.request?.session.auth?.pass).toBe('');
    expect((await outbox.request(stored as never)).session.auth?.pass).toBe(PASSWORD);
    await outbox.close();
  });

  it('moves a password out of an older request file, and writes that file again without it', async () => {
    const store = path.join(dir, 'older-file');
    await mkdir(path.join(store, 'messages'), { recursive: true });
    await writeFile(
      path.join(store, 'messages', 'old.request.json'),
      JSON.stringify(relayRequest(relay.port)),
    );
    const journal = await Journal.open(store);
    await journal.put('message:<file@mxray.test>', {
      messageId: '<file@mxray.test>',
      date: new Date().toISOString(),
      composed: false,
      file: null,
      requestFile: 'old.request.json',
    });
    await journal.close();
    expect(await holdingPassword(store)).toEqual(['messages/old.request.json']);

    const outbox = await OutboxStore.open(store);
    expect(await holdingPassword(store)).toEqual([
      expect.stringMatching(/^secrets\/[0-9a-f]{32}\.secret$/),
    ]);
    const stored = outbox.message('<file@mxray.test>');
    expect((await outbox.request(stored as never)).session.auth?.pass).toBe(PASSWORD);
    expect((await outbox.request(stored as never, { password: false })).session.auth?.pass).toBe(
      '',
    );
    await outbox.close();
  });

  it('drops the password of a message whose deliveries all ended, at the next start', async () => {
    const store = path.join(dir, 'ended');
    const saved = await OutboxStore.open(store);
    const identity = { messageId: '<ended@mxray.test>', date: new Date() };
    const request = relayRequest(relay.port);
    await saved.saveMessage(request, identity);
    // Ended, but the process stopped before its password went (or an older version kept it).
    for (const d of newDeliveries(request, identity.messageId, Date.now()))
      await saved.saveDelivery({ ...d, status: 'done', endedAt: Date.now() });
    await saved.close();
    expect(await holdingPassword(store)).toHaveLength(1);

    const reopened = await OutboxStore.open(store);
    const outbox = new Outbox({
      store: reopened,
      clock: systemClock,
      policy: DEFAULT_RETRY_POLICY,
      start: () => {
        throw new Error('nothing is due');
      },
    });
    await outbox.restore();
    expect(await holdingPassword(store)).toEqual([]);
    expect(reopened.message(identity.messageId)?.secretFile).toBeNull();
    await outbox.close();
    await reopened.close();
  });

  it('seals with the OS keychain in the desktop app; web mode says it cannot unseal that', async () => {
    const store = path.join(dir, 'keychain');
    const safeStorage = fakeSafeStorage();
    const desktop = await OutboxStore.open(store, osSecretBox(safeStorage));
    const identity = { messageId: '<sealed@mxray.test>', date: new Date() };
    await desktop.saveMessage(relayRequest(relay.port), identity);
    expect(await holdingPassword(store)).toEqual([]);
    const stored = desktop.message(identity.messageId);
    expect((await desktop.request(stored as never)).session.auth?.pass).toBe(PASSWORD);
    await desktop.close();

    // Linux with no keyring: Chromium's built-in key protects nothing a 0600 file does not.
    const basic = { ...safeStorage, getSelectedStorageBackend: () => 'basic_text' };
    expect(osSecretBox(basic, 'linux').kind).toBe('private-file');
    expect(
      osSecretBox({ ...safeStorage, getSelectedStorageBackend: () => 'gnome_libsecret' }, 'linux')
        .kind,
    ).toBe('os');

    const web = await OutboxStore.open(store);
    await expect(web.request(web.message(identity.messageId) as never)).rejects.toThrow(
      /cannot be sent again: its relay password was sealed with the system keychain by the desktop app/,
    );
    // Showing the request (export, "copy as swaks") needs no password, so it still works.
    const shown = await web.request(web.message(identity.messageId) as never, { password: false });
    expect(shown.session.auth).toEqual({ user: USER, pass: '' });
    await web.close();
  });
});
