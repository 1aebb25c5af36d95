import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../rpc/user-error';
import { openSettingsStore, SETTINGS_FILE } from './settings-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-settings-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('settings store', () => {
  it('starts from defaults and keeps a change across a reopen', async () => {
    const first = await openSettingsStore(dir);
    expect(first.get()).toMatchObject({
      mode: 'sandbox',
      theme: 'system',
      connectTimeoutSeconds: 30,
    });
    await first.set({ heloName: 'mx.example.org', dnsServers: ['127.0.0.1:5353'] });
    const second = await openSettingsStore(dir);
    expect(second.get()).toMatchObject({
      heloName: 'mx.example.org',
      dnsServers: ['127.0.0.1:5353'],
    });
  });

  it('applies quick successive changes in order, losing none', async () => {
    const store = await openSettingsStore(dir);
    await Promise.all([
      store.set({ theme: 'dark' }),
      store.set({ mode: 'internet' }),
      store.set({ theme: 'light' }),
    ]);
    const onDisk = JSON.parse(await readFile(path.join(dir, SETTINGS_FILE), 'utf8'));
    expect(onDisk).toMatchObject({ theme: 'light', mode: 'internet' });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('sets an unreadable file aside instead of deleting it, and starts with defaults', async () => {
    await writeFile(path.join(dir, SETTINGS_FILE), '{"theme": "dark", trunc');
    const store = await openSettingsStore(dir);
    expect(store.get().theme).toBe('system');
    expect(store.recovered).toMatch(/settings\.json\.unreadable-\d+$/);
    expect(await readFile(store.recovered ?? '', 'utf8')).toBe('{"theme": "dark", trunc');
  });

  it('fills fields an older file lacks with their defaults', async () => {
    await writeFile(path.join(dir, SETTINGS_FILE), JSON.stringify({ theme: 'dark' }));
    const store = await openSettingsStore(dir);
    expect(store.get()).toMatchObject({
      theme: 'dark',
      tlsPolicy: 'opportunistic',
      dnsServers: [],
    });
  });
});

describe('settings that contradict each other', () => {
  it('are refused with the field each problem is at, and nothing changes', async () => {
    const store = await openSettingsStore(dir);
    const refused = await store.set({ perDomainConcurrency: 40, concurrency: 5 }).catch((e) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect(refused.kind).toBe('bad-input');
    expect(refused.issues.map((i: { path: string }) => i.path)).toEqual([
      'perDomainConcurrency',
      'perDomainConcurrencyMax',
    ]);
    expect(refused.message).toMatch(/^Settings not saved: Sessions per domain at first \(40\)/);
    expect(store.get()).toMatchObject({ perDomainConcurrency: 2, concurrency: 20 });
    expect((await openSettingsStore(dir)).get().concurrency).toBe(20);
  });
});
