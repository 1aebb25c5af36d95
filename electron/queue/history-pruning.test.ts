import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SendRequest } from '../../shared/send';
import { startJob } from '../delivery/start-send';
import { startScriptedServer } from '../smtp/test-support/scripted-server';
import { startSmtpServer, type TestSmtpServer } from '../smtp/test-support/smtp-server';
import { type Clock, systemClock } from './clock';
import { choosePruned, type FinishedMessage, type HistoryLimits } from './history-pruning';
import { Outbox } from './outbox';
import { OutboxStore } from './outbox-store';
import { DEFAULT_RETRY_POLICY } from './retry-policy';

const DAY = 86_400_000;
const none: HistoryLimits = { maxAgeMs: null, maxDeliveries: null, maxBytes: null };
const msg = (id: string, finishedAt: number, deliveries = 1, bytes = 100): FinishedMessage => ({
  messageId: id,
  deliveryIds: Array.from({ length: deliveries }, (_, i) => `${id}.${i}`),
  finishedAt,
  bytes,
});

describe('choosing what history to prune', () => {
  const now = 100 * DAY;
  const history = [msg('c', now - 1 * DAY), msg('a', now - 40 * DAY, 2), msg('b', now - 20 * DAY)];
  const ids = (r: { pruned: FinishedMessage[] }) => r.pruned.map((m) => m.messageId);

  it('keeps everything without limits, and says no expiry is due', () => {
    expect(choosePruned(history, none, now)).toEqual({ pruned: [], nextExpiryAt: null });
  });

  it('drops what is older than the age limit, and says when the oldest kept one expires', () => {
    const r = choosePruned(history, { ...none, maxAgeMs: 30 * DAY }, now);
    expect(ids(r)).toEqual(['a']);
    expect(r.nextExpiryAt).toBe(now - 20 * DAY + 30 * DAY);
  });

  it('counts deliveries, not messages, dropping the oldest first', () => {
    expect(ids(choosePruned(history, { ...none, maxDeliveries: 2 }, now))).toEqual(['a']);
    expect(ids(choosePruned(history, { ...none, maxDeliveries: 1 }, now))).toEqual(['a', 'b']);
    expect(ids(choosePruned(history, { ...none, maxDeliveries: 0 }, now))).toEqual(['a', 'b', 'c']);
  });

  it('keeps the bytes within the size limit, oldest first', () => {
    const sized = [msg('old', 1, 1, 600), msg('mid', 2, 1, 300), msg('new', 3, 1, 300)];
    expect(ids(choosePruned(sized, { ...none, maxBytes: 700 }, now))).toEqual(['old']);
    expect(ids(choosePruned(sized, { ...none, maxBytes: 299 }, now))).toEqual([
      'old',
      'mid',
      'new',
    ]);
  });
});

let dir: string;
let smtp: TestSmtpServer;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

function request(subject: string, attachmentBytes = 0) {
  const to = [`you@${subject}.test`];
  return SendRequest.parse({
    envelope: { mailFrom: 'history@mxray.test', rcptTo: to },
    message: {
      from: 'history@mxray.test',
      to,
      subject,
      text: `message ${subject}`,
      attachments: attachmentBytes
        ? [
            {
              filename: 'big.bin',
              contentType: 'application/octet-stream',
              contentBase64: Buffer.alloc(attachmentBytes, 7).toString('base64'),
            },
          ]
        : [],
    },
    route: { kind: 'server', server: { host: '127.0.0.1', port: smtp.port } },
    session: { helo: 'history.mxray.test', tls: 'off', timeoutSeconds: 5 },
  });
}

async function openOutbox(clock: Clock = systemClock) {
  const store = await OutboxStore.open(dir);
  const outbox = new Outbox({
    start: startJob,
    clock,
    store,
    policy: DEFAULT_RETRY_POLICY,
  });
  closers.push(async () => {
    await outbox.close();
    await store.close();
  });
  await outbox.restore();
  return { store, outbox };
}

/** Every file under the store's folder, relative. */
async function files(): Promise<string[]> {
  const found: string[] = [];
  for (const folder of ['messages', 'transcripts'])
    for (const name of await readdir(path.join(dir, folder))) found.push(`${folder}/${name}`);
  return found.sort();
}

describe('history pruning on a real store', () => {
  it('removes the oldest finished mail with its body files and transcript; the rest stays, across a restart', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-history-'));
    smtp = await startSmtpServer();
    closers.push(() => smtp.close());
    const { outbox, store } = await openOutbox();
    const removed: string[] = [];
    outbox.onRemove((ids) => removed.push(...ids));
    // Sent one after another, so "oldest" is well defined.
    const sent: string[] = [];
    for (const [subject, size] of [
      ['one', 300_000],
      ['two', 300_000],
      ['three', 0],
    ] as const) {
      const [d] = await outbox.enqueue(request(subject, size));
      await outbox.settled();
      sent.push(d?.id as string);
    }
    expect(smtp.received).toHaveLength(3);
    // Attachments live in files of their own, never inside the journal.
    const journal = await readFile(path.join(dir, 'journal.jsonl'), 'utf8');
    expect(journal).not.toContain(Buffer.alloc(3000, 7).toString('base64'));
    expect((await files()).filter((f) => f.endsWith('.request.json'))).toHaveLength(2);
    expect((await files()).filter((f) => f.endsWith('.eml'))).toHaveLength(3);
    expect(await files()).toContain(`transcripts/${sent[0]}.jsonl`);

    await outbox.configureHistory({ maxAgeMs: null, maxDeliveries: 2, maxBytes: null });
    expect(removed).toEqual([sent[0]]);
    expect(outbox.list().map((d) => d.summary.subject)).toEqual(['two', 'three']);
    const left = await files();
    expect(left.filter((f) => f.endsWith('.request.json'))).toHaveLength(1);
    expect(left.filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    expect(left).not.toContain(`transcripts/${sent[0]}.jsonl`);

    // Size: the oldest goes first until the rest fits; the small newest one stays.
    await outbox.configureHistory({ maxAgeMs: null, maxDeliveries: null, maxBytes: 100_000 });
    expect(removed).toEqual([sent[0], sent[1]]);
    const kept = await files();
    expect(kept.filter((f) => f.endsWith('.request.json'))).toEqual([]);
    expect(kept.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    expect(kept.filter((f) => f.startsWith('transcripts/'))).toEqual([
      `transcripts/${sent[2]}.jsonl`,
    ]);

    await outbox.close();
    await store.close();
    closers.splice(0);
    const again = await openOutbox();
    expect(again.outbox.list().map((d) => d.summary.subject)).toEqual(['three']);
    expect((await again.outbox.transcript(sent[2] as string)).lines).not.toHaveLength(0);
  }, 30_000);

  it('never removes mail still waiting, and removes finished mail when it reaches the age limit', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-history-'));
    smtp = await startSmtpServer({
      onRcptTo: (address, _s, cb) =>
        address.address.startsWith('you@wait')
          ? cb(Object.assign(new Error('4.7.1 try later'), { responseCode: 451 }))
          : cb(),
    });
    closers.push(() => smtp.close());
    let offset = 0;
    const timers: { at: number; fn: () => void }[] = [];
    const clock: Clock = {
      now: () => Date.now() + offset,
      setTimer(fn, ms) {
        const t = { at: Date.now() + offset + ms, fn };
        timers.push(t);
        return () => timers.splice(timers.indexOf(t) >>> 0, 1);
      },
    };
    const { outbox } = await openOutbox(clock);
    await outbox.enqueue(request('wait'));
    await outbox.enqueue(request('done'));
    for (
      let i = 0;
      i < 100 && outbox.list().some((d) => d.status === 'sending' || d.status === 'queued');
      i++
    )
      await new Promise((r) => setTimeout(r, 50));
    expect(
      outbox
        .list()
        .map((d) => d.status)
        .sort(),
    ).toEqual(['deferred', 'done']);
    await outbox.configureHistory({ maxAgeMs: DAY, maxDeliveries: 0, maxBytes: 0 });
    // Every limit is passed, yet the deferred one stays: it is not history.
    expect(outbox.list().map((d) => d.summary.subject)).toEqual(['wait']);

    await outbox.configureHistory({ maxAgeMs: DAY, maxDeliveries: null, maxBytes: null });
    const [waiting] = outbox.list();
    outbox.cancel(waiting?.id as string);
    await new Promise((r) => setTimeout(r, 100));
    expect(outbox.list()).toHaveLength(1); // cancelled today: kept for a day
    // A day later the timer the pruner set fires and takes it.
    offset = DAY + 1000;
    for (const t of timers.splice(0)) if (t.at <= Date.now() + offset) t.fn();
    for (let i = 0; i < 50 && outbox.list().length; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(outbox.list()).toEqual([]);
  }, 30_000);
});

describe('pruning and sessions in flight', () => {
  it('leaves a cancelled delivery alone until its session has ended, then removes it for good', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-history-'));
    let connected = () => {};
    const reached = new Promise<void>((r) => {
      connected = r;
    });
    // Greets, then says nothing: the session waits until it is cancelled.
    const silent = await startScriptedServer(async (c) => {
      c.reply('220 silent.test ESMTP');
      connected();
      await c.closed();
    });
    closers.push(() => silent.close());
    smtp = { port: silent.port } as TestSmtpServer;
    const { outbox, store } = await openOutbox();
    await outbox.configureHistory({ maxAgeMs: null, maxDeliveries: 0, maxBytes: null });
    const [d] = await outbox.enqueue(request('held', 50_000));
    await reached;
    outbox.cancel(d?.id as string);
    // Asked to prune while the cancelled session is still winding down.
    await outbox.configureHistory({ maxAgeMs: null, maxDeliveries: 0, maxBytes: null });
    for (let i = 0; i < 100 && outbox.list().length; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(outbox.list()).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    await outbox.close();
    await store.close();
    closers.splice(0, closers.length - 1);
    const again = await openOutbox();
    expect(again.outbox.list()).toEqual([]);
    expect(await files()).toEqual([]);
  }, 30_000);
});
