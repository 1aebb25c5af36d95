import path from 'node:path';
import { SendRequest } from '../../../shared/send';
import type { WebProcess } from '../../cli/test-support/web-process';
import { startDnsServer, type TestDnsServer } from '../../dns/test-support/dns-server';
import { freePortOn } from '../../smtp/test-support/free-port';
import {
  type ScriptedConnection,
  type ScriptedServer,
  startScriptedServer,
} from '../../smtp/test-support/scripted-server';
import { OutboxStore } from '../outbox-store';

// The SMTP side of the crash harness: scripted MX servers that kill the real `mxray web`
// process (SIGKILL) at the protocol moment a test names, and count every copy they accepted.

export type Moment =
  | 'after-rcpt'
  | 'mid-data'
  | 'dot+0'
  | 'dot+10'
  | 'dot+100'
  | 'quit-held+300'
  /** Direct delivery: MX 10 took one recipient and deferred the other; MX 20 is being dialled. */
  | 'next-mx'
  /** Not a kill: the 250 to the final dot waits for `release`. */
  | 'hold-dot';
export const MOMENTS: Moment[] = [
  'after-rcpt',
  'mid-data',
  'dot+0',
  'dot+10',
  'dot+100',
  'quit-held+300',
  'next-mx',
];
export const KILLS_EACH = Number(process.env.MXRAY_CRASH_KILLS ?? 20);

export interface Target {
  tag: string;
  moment: Moment;
  pid: number;
  landed: boolean;
  release?: Promise<void>;
  /** Set once the server holds the body and waits to answer the final dot. */
  holding?: () => void;
  /** next.test's MX 10 has accepted this message for its a- recipient. */
  acceptedByFirstMx?: boolean;
}

const MX1 = '127.0.0.71';
const MX2 = '127.0.0.72';

export interface CrashLab {
  /** A plain MX for messages routed with --server (crashMessage). */
  server: ScriptedServer;
  /** Every copy the servers accepted (250 to the final dot), by recipient. */
  accepted: Map<string, number>;
  /** The message and moment the next kill is for; null: nobody is killed. */
  target: Target | null;
  /** Direct delivery to next.test: a- is accepted by MX 10, b- deferred there and sent to MX 20. */
  directMessage(tag: string): SendRequest;
  close(): Promise<void>;
}

export async function startCrashLab(): Promise<CrashLab> {
  const accepted = new Map<string, number>();
  const lab = { target: null as Target | null };
  const isTarget = (rcpt: string) => lab.target !== null && rcpt.includes(`-${lab.target.tag}@`);

  function kill(at: Moment) {
    const t = lab.target;
    if (!t || t.moment !== at || t.landed) return;
    t.landed = true;
    try {
      process.kill(t.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /**
   * A plain MX: no PIPELINING, so every step is a moment of its own. As next.test's MX 10 it
   * defers every b- recipient, so that one goes on to MX 20.
   */
  async function mx(c: ScriptedConnection, deferB = false) {
    c.reply('220 crash.test ESMTP');
    let rcpts: string[] = [];
    for (;;) {
      const line = await c.line().catch(() => null);
      if (line === null) return;
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO' || verb === 'HELO') c.reply('250 crash.test');
      else if (verb === 'MAIL') {
        rcpts = [];
        c.reply('250 2.1.0 ok');
      } else if (verb === 'RCPT') {
        const rcpt = /<([^>]*)>/.exec(line)?.[1] ?? '';
        if (deferB && rcpt.startsWith('b-')) {
          c.reply('451 4.7.1 try the next MX');
          continue;
        }
        rcpts.push(rcpt);
        if (isTarget(rcpt) && rcpts.length === 2) kill('after-rcpt');
        c.reply('250 2.1.5 ok');
      } else if (verb === 'DATA') {
        c.reply('354 go ahead');
        const targeted = rcpts.some(isTarget);
        if (targeted) {
          await c.line().catch(() => null); // the first header line is in: the body is on its way
          kill('mid-data');
        }
        const body = await c.dataBody().catch(() => null);
        if (!body) return;
        if (targeted && lab.target?.moment === 'hold-dot' && lab.target.release) {
          lab.target.holding?.();
          await lab.target.release;
        }
        for (const r of rcpts) accepted.set(r, (accepted.get(r) ?? 0) + 1);
        c.reply('250 2.0.0 queued');
        if (targeted && deferB && lab.target) lab.target.acceptedByFirstMx = true;
        if (targeted) {
          kill('dot+0');
          setTimeout(() => kill('dot+10'), 10);
          setTimeout(() => kill('dot+100'), 100);
        }
      } else if (verb === 'QUIT') {
        if (rcpts.some(isTarget) && lab.target?.moment === 'quit-held+300') {
          setTimeout(() => kill('quit-held+300'), 300);
          await c.closed();
          return;
        }
        c.reply('221 bye');
        c.end();
        return;
      } else c.reply('250 ok');
    }
  }

  const server = await startScriptedServer((c) => mx(c));
  const port = await freePortOn([MX1, MX2]);
  const mx1 = await startScriptedServer((c) => mx(c, true), MX1, port);
  const mx2 = await startScriptedServer(
    (c) => {
      // The connection to MX 20 has just been accepted: the client is still dialling it. (Not
      // for a b- recipient of an earlier message, restored and sent on by this start.)
      if (lab.target?.moment === 'next-mx' && lab.target.acceptedByFirstMx) kill('next-mx');
      return mx(c);
    },
    MX2,
    port,
  );
  const dns: TestDnsServer = await startDnsServer({
    'next.test': [
      { type: 'MX', preference: 10, exchange: 'mx1.next.test' },
      { type: 'MX', preference: 20, exchange: 'mx2.next.test' },
    ],
    'mx1.next.test': [{ type: 'A', address: MX1 }],
    'mx2.next.test': [{ type: 'A', address: MX2 }],
  });
  return Object.assign(lab, {
    server,
    accepted,
    directMessage(tag: string): SendRequest {
      const to = [`a-${tag}@next.test`, `b-${tag}@next.test`];
      return SendRequest.parse({
        envelope: { mailFrom: 'crash@mxray.test', rcptTo: to },
        message: { from: 'crash@mxray.test', to, subject: `crash ${tag}`, text: `message ${tag}` },
        route: { kind: 'mx', port, dnsServers: [`${dns.host}:${dns.port}`] },
        session: { helo: 'crash.mxray.test', tls: 'off', timeoutSeconds: 5 },
      });
    },
    async close() {
      await Promise.all([server.close(), mx1.close(), mx2.close(), dns.close()]);
    },
  });
}

/** What the store on disk says right after a kill, opened as the next start would. */
export async function storedAfterKill(dataDir: string) {
  const store = await OutboxStore.open(path.join(dataDir, 'outbox'));
  const deliveries = store.deliveries();
  // A message is there whole: both its recipients, and its body readable.
  const recipients = new Map<string, number>();
  for (const d of deliveries) {
    const s = d.summary.subject;
    recipients.set(s, (recipients.get(s) ?? 0) + d.recipients.length);
    const stored = store.message(d.messageId);
    if (stored) await store.request(stored);
    else recipients.set(s, -100);
  }
  const subjects = new Set([...recipients].filter(([, n]) => n === 2).map(([s]) => s));
  const delivered = new Set(
    deliveries.flatMap((d) =>
      d.recipients.filter((r) => r.status === 'delivered').map((r) => r.address),
    ),
  );
  await store.close();
  return { subjects, delivered };
}

export async function untilSettled(web: WebProcess, count: number) {
  for (let i = 0; i < 300; i++) {
    const list = await web.client.api['outbox.list']({});
    if (list.length >= count && list.every((d) => d.status === 'done')) return list;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the outbox did not settle in 30 s');
}
