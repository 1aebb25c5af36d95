import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SendRequest } from '../../shared/send';
import { startJob } from '../delivery/start-send';
import { startSmtpServer } from '../smtp/test-support/smtp-server';
import { systemClock } from './clock';
import { newDeliveries } from './delivery-state';
import { Outbox } from './outbox';
import { OutboxStore } from './outbox-store';
import { DEFAULT_RETRY_POLICY } from './retry-policy';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-outbox-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function request(attachment: number) {
  return SendRequest.parse({
    envelope: { mailFrom: 'store@mxray.test', rcptTo: ['you@store.test'] },
    message: {
      from: 'store@mxray.test',
      to: ['you@store.test'],
      subject: 'stored',
      text: 'hello',
      attachments: attachment
        ? [{ filename: 'a.bin', contentBase64: Buffer.alloc(attachment, 1).toString('base64') }]
        : [],
    },
    route: { kind: 'server', server: { host: '127.0.0.1', port: 2525 } },
    session: { helo: 'store.mxray.test', tls: 'off' },
  });
}

async function saved(store: OutboxStore, attachment: number) {
  const req = request(attachment);
  const identity = { messageId: `<${attachment}.${Math.random()}@store.test>`, date: new Date() };
  await store.saveMessage(req, identity);
  const [delivery] = newDeliveries(req, identity.messageId, Date.now());
  if (!delivery) throw new Error('no delivery');
  await store.saveDelivery(delivery);
  await store.appendTranscript(delivery.id, [
    { attempt: 1, t: 0, dir: 'info', phase: 'connect', text: 'hello' } as never,
  ]);
  return { req, identity, delivery };
}

const list = async (folder: string) => (await readdir(path.join(dir, folder))).sort();

describe('message files', () => {
  it('keeps an attachment in a file of its own, read back whole, with the composed bytes beside it', async () => {
    const store = await OutboxStore.open(dir);
    const { req, identity } = await saved(store, 200_000);
    const bytes = Buffer.alloc(300_000, 2);
    await store.saveComposed(identity.messageId, bytes);
    await store.close();

    const again = await OutboxStore.open(dir);
    const stored = again.message(identity.messageId);
    expect(stored?.request).toBeUndefined();
    expect(await again.request(stored as never)).toEqual(req);
    expect((await again.messageBytes(stored as never))?.equals(bytes)).toBe(true);
    const journal = await readFile(path.join(dir, 'journal.jsonl'), 'utf8');
    expect(journal.length).toBeLessThan(4000);
    await again.close();
  });

  it('removes files no record names (a crash between a file and its record) and keeps the rest', async () => {
    const store = await OutboxStore.open(dir);
    const { delivery } = await saved(store, 10_000);
    await store.close();
    const kept = [...(await list('messages')), ...(await list('transcripts'))];
    await writeFile(path.join(dir, 'messages', 'f00d.request.json'), '{"half": ');
    await writeFile(path.join(dir, 'transcripts', 'gone.jsonl'), '{}\n');

    const again = await OutboxStore.open(dir);
    expect([...(await list('messages')), ...(await list('transcripts'))]).toEqual(kept);
    expect(kept).toContain(`${delivery.id}.jsonl`);
    await again.close();
  });

  it('keeps unnamed files aside, not deleted, when the journal was found damaged', async () => {
    const store = await OutboxStore.open(dir);
    await saved(store, 10_000);
    await store.close();
    await writeFile(path.join(dir, 'messages', 'f00d.request.json'), '{"orphan": true}');
    // The message's record damaged, the delivery's after it intact: damage in the middle.
    const journal = path.join(dir, 'journal.jsonl');
    const lines = (await readFile(journal, 'utf8')).split('\n');
    lines[0] = (lines[0] as string).replace('message:', 'massage:');
    await writeFile(journal, lines.join('\n'));

    const again = await OutboxStore.open(dir);
    expect(await list('messages')).toEqual([]);
    const aside = await readdir(path.join(dir, 'damaged', 'unreferenced'));
    expect(aside).toContain('f00d.request.json');
    expect(aside.filter((f) => f.endsWith('.request.json'))).toHaveLength(2);
    expect(again.deliveries()).toHaveLength(1);
    await again.close();
  });

  it('removes unnamed files after a torn tail alone, the usual trace of a kill -9', async () => {
    const store = await OutboxStore.open(dir);
    await saved(store, 10_000);
    await store.close();
    await writeFile(path.join(dir, 'messages', 'f00d.request.json'), '{"orphan": true}');
    await appendFile(path.join(dir, 'journal.jsonl'), 'deadbeef {"torn');
    const again = await OutboxStore.open(dir);
    expect(await list('messages')).not.toContain('f00d.request.json');
    expect(again.deliveries()).toHaveLength(1);
    await again.close();
  });

  it('says which file is missing when a message body cannot be read, rather than sending something else', async () => {
    const store = await OutboxStore.open(dir);
    const { identity } = await saved(store, 10_000);
    const [file] = await list('messages');
    await rm(path.join(dir, 'messages', file as string));
    await expect(store.request(store.message(identity.messageId) as never)).rejects.toThrow(
      /cannot be read from .*request\.json/,
    );
    await store.close();
  });
});

describe('a message whose body cannot be read', () => {
  it('waits for a retry with the reason on that delivery, while the rest of the outbox goes on', async () => {
    const smtp = await startSmtpServer();
    const store = await OutboxStore.open(dir);
    const outbox = new Outbox({
      start: startJob,
      clock: systemClock,
      store,
      policy: DEFAULT_RETRY_POLICY,
    });
    try {
      outbox.pause();
      const send = (subject: string) =>
        outbox.enqueue({
          ...request(20_000),
          message: { ...request(20_000).message, subject },
          route: { kind: 'server', server: { host: '127.0.0.1', port: smtp.port } },
        });
      const [broken] = await send('broken');
      const [fine] = await send('fine');
      const stored = store.message(broken?.messageId as string);
      await rm(path.join(dir, 'messages', stored?.requestFile as string));
      outbox.resume();
      for (let i = 0; i < 100 && outbox.get(fine?.id as string)?.status !== 'done'; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(outbox.get(fine?.id as string)?.status).toBe('done');
      const waiting = outbox.get(broken?.id as string);
      expect(waiting?.status).toBe('deferred');
      expect(waiting?.warnings.join()).toMatch(
        /Not sent: message .* cannot be read from .*request\.json/,
      );
      expect(outbox.storageError).toBeNull();
      expect(smtp.received.map((m) => m.to)).toEqual([['you@store.test']]);
    } finally {
      await outbox.close();
      await store.close();
      await smtp.close();
    }
  });
});
