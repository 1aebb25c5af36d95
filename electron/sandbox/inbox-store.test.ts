import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeMessage } from '../smtp/message';
import { InboxStore } from './inbox-store';
import type { ReceivedMessage } from './scenario-server';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-inbox-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function received(
  subject = 'Report',
  extra: Partial<ReceivedMessage> = {},
): Promise<ReceivedMessage> {
  const raw = await composeMessage({
    from: 'Dev <dev@mxray.test>',
    to: ['you@ok.sandbox.test'],
    cc: [],
    subject,
    text: 'Plain words',
    html: '<p>Rich <b>words</b></p>',
    headers: [{ name: 'X-Test', value: 'sandbox' }],
    attachments: [
      { filename: 'notes.txt', contentType: 'text/plain', content: Buffer.from('attached bytes') },
    ],
    messageId: '<inbox-test@mxray.test>',
    date: new Date('2026-12-01T10:00:00Z'),
  });
  return {
    scenario: 'ok.sandbox.test',
    host: 'mx.ok.sandbox.test',
    mailFrom: 'dev@mxray.test',
    rcptTo: ['you@ok.sandbox.test'],
    raw,
    unacknowledged: false,
    client: { ip: '127.0.0.1', helo: 'client.mxray.test', tls: null },
    ...extra,
  };
}

describe('the sandbox inbox on disk', () => {
  it('keeps the exact bytes and reads back envelope, headers, text, HTML and attachments', async () => {
    const inbox = await InboxStore.open(dir);
    const message = await received();
    const summary = await inbox.add(message);
    expect(summary).toMatchObject({
      from: '"Dev" <dev@mxray.test>',
      subject: 'Report',
      size: message.raw.length,
    });
    const full = await inbox.get(summary.id);
    expect(full).toMatchObject({
      mailFrom: 'dev@mxray.test',
      rcptTo: ['you@ok.sandbox.test'],
      text: 'Plain words',
      html: '<p>Rich <b>words</b></p>',
    });
    expect(full?.headers).toContainEqual({ name: 'X-Test', value: 'sandbox' });
    expect(full?.headers).toContainEqual({ name: 'Message-ID', value: '<inbox-test@mxray.test>' });
    expect(full?.attachments).toEqual([
      {
        filename: 'notes.txt',
        contentType: 'text/plain',
        size: 14,
        base64: Buffer.from('attached bytes').toString('base64'),
      },
    ]);
    expect(Buffer.from(full?.rawBase64 ?? '', 'base64').equals(message.raw)).toBe(true);
  });

  it('survives a reopen, and sees what another process added to the same folder', async () => {
    const app = await InboxStore.open(dir);
    const cli = await InboxStore.open(dir);
    const a = await app.add(await received('from the app'), Date.UTC(2026, 11, 1, 10));
    const b = await cli.add(await received('from the CLI'), Date.UTC(2026, 11, 1, 11));
    expect((await app.list()).map((m) => m.id)).toEqual([b.id, a.id]);
    const reopened = await InboxStore.open(dir);
    expect((await reopened.list()).map((m) => m.subject)).toEqual(['from the CLI', 'from the app']);
  });

  it('skips files that are not whole messages, and refuses ids that are not its own', async () => {
    const inbox = await InboxStore.open(dir);
    await writeFile(path.join(dir, '00000000a-abcdef.json'), '{"torn":');
    await writeFile(path.join(dir, 'notes.json'), '{}');
    expect(await inbox.list()).toEqual([]);
    expect(await inbox.get('../../etc/passwd')).toBeNull();
    expect(await inbox.raw('../outbox/journal')).toBeNull();
  });

  it('keeps at most its limit, dropping the oldest; delete and clear remove the files', async () => {
    const inbox = await InboxStore.open(dir, 3);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await inbox.add(await received(`n${i}`), Date.UTC(2026, 11, 1, i))).id);
    expect((await inbox.list()).map((m) => m.subject)).toEqual(['n4', 'n3', 'n2']);
    expect(await inbox.delete(ids[3] ?? '')).toBe(true);
    expect(await inbox.delete(ids[0] ?? '')).toBe(false);
    expect((await inbox.list()).map((m) => m.subject)).toEqual(['n4', 'n2']);
    expect(await inbox.clear()).toBe(2);
    expect(await readdir(dir)).toEqual([]);
  });
});
