import { SMTPServer } from 'smtp-server';
import { SendRequest, type SendRequestInput } from '../../../shared/send';
import { startDnsServer, type TestDnsServer } from '../../dns/test-support/dns-server';
import { freePortOn } from '../../smtp/test-support/free-port';
import { type ScriptedServer, startScriptedServer } from '../../smtp/test-support/scripted-server';
import {
  type SynDropListener,
  startSynDropListener,
} from '../../smtp/test-support/syn-drop-listener';

/** What one MX saw, in order: the wire as the server side logs it. */
export interface WireEvent {
  server: string;
  kind: 'connect' | 'greet' | 'mail' | 'data' | 'close';
  at: number;
  /** On close: whether the client said EHLO/HELO on that connection (went past the greeting). */
  ehlo?: boolean;
}

/** Each MX host of the race lab: where it listens and how long it keeps a client waiting. */
const hosts = {
  silent: { ip: '127.0.1.10', greetAfterMs: null },
  healthy: { ip: '127.0.1.20', greetAfterMs: 0 },
  slow: { ip: '127.0.1.11', greetAfterMs: 2500 },
  slower: { ip: '127.0.1.21', greetAfterMs: 1000 },
  late: { ip: '127.0.1.12', greetAfterMs: 2050 },
  healthy2: { ip: '127.0.1.22', greetAfterMs: 0 },
} as const;
const busyIp = '127.0.1.13';
const synDropIp = '127.0.1.14';

export interface RaceLab {
  port: number;
  dns: TestDnsServer;
  wire: WireEvent[];
  busy: ScriptedServer;
  synDrop: SynDropListener;
  /** Messages each server took, by host name. */
  delivered(server: string): number;
  close(): Promise<void>;
}

/** An MX that greets after `greetAfterMs` (never, when null) and logs every step it sees. */
async function loggingMx(
  name: string,
  ip: string,
  port: number,
  greetAfterMs: number | null,
  wire: WireEvent[],
  delivered: Map<string, number>,
) {
  const closed = new Set<string>();
  const log = (kind: WireEvent['kind'], extra: Partial<WireEvent> = {}) =>
    wire.push({ server: name, kind, at: Date.now(), ...extra });
  const server = new SMTPServer({
    name: `${name}.race.test`,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // smtp-server hangs up on a client idle for a minute; a black hole never does.
    socketTimeout: 15 * 60_000,
    onConnect(session, callback) {
      log('connect');
      // smtp-server sends its 220 when this calls back: a late call is a late greeting.
      if (greetAfterMs === null) return;
      setTimeout(() => {
        if (closed.has(session.id)) return;
        log('greet');
        callback();
      }, greetAfterMs);
    },
    onMailFrom(_address, _session, callback) {
      log('mail');
      callback();
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        log('data');
        delivered.set(name, (delivered.get(name) ?? 0) + 1);
        callback(null, 'Queued');
      });
    },
    onClose(session) {
      closed.add(session.id);
      log('close', { ehlo: Boolean(session.hostNameAppearsAs) });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((r) => server.listen(port, ip, r));
  return () => new Promise<void>((r) => server.close(() => r()));
}

/**
 * Domains whose first MX keeps a client waiting, on loopback, found through a real DNS server:
 * silent.race.test (MX 10 takes the connection and never greets), syn.race.test (MX 10 drops
 * SYNs), slow.race.test (MX 10 greets after 2.5 s, MX 20 after 1 s of its own), grace.race.test
 * (MX 10 greets 2.05 s in, just after MX 20 does), busy.race.test (MX 10 greets with 421).
 * Every MX 20 but slow's answers at once; healthy.race.test has two MX that greet at once.
 */
export async function startRaceLab(): Promise<RaceLab> {
  const ips = [...Object.values(hosts).map((h) => h.ip), busyIp, synDropIp];
  const port = await freePortOn(ips);
  const wire: WireEvent[] = [];
  const delivered = new Map<string, number>();
  const closers: (() => Promise<void>)[] = [];
  for (const [name, h] of Object.entries(hosts))
    closers.push(await loggingMx(name, h.ip, port, h.greetAfterMs, wire, delivered));
  const busy = await startScriptedServer(
    async (c) => {
      c.reply('421 4.3.2 busy, try another MX');
      c.end();
    },
    busyIp,
    port,
  );
  const synDrop = await startSynDropListener(synDropIp, port);
  const mx = (preference: number, exchange: string) => ({
    type: 'MX' as const,
    preference,
    exchange,
  });
  const a = (address: string) => [{ type: 'A' as const, address }];
  const pair = (domain: string, first: string, second: string) => ({
    [domain]: [mx(10, `mx10.${domain}`), mx(20, `mx20.${domain}`)],
    [`mx10.${domain}`]: a(first),
    [`mx20.${domain}`]: a(second),
  });
  const dns = await startDnsServer({
    ...pair('silent.race.test', hosts.silent.ip, hosts.healthy.ip),
    ...pair('syn.race.test', synDropIp, hosts.healthy.ip),
    ...pair('slow.race.test', hosts.slow.ip, hosts.slower.ip),
    ...pair('grace.race.test', hosts.late.ip, hosts.healthy2.ip),
    ...pair('busy.race.test', busyIp, hosts.healthy.ip),
    ...pair('healthy.race.test', hosts.healthy.ip, hosts.healthy2.ip),
  });
  return {
    port,
    dns,
    wire,
    busy,
    synDrop,
    delivered: (server) => delivered.get(server) ?? 0,
    close: async () => {
      await Promise.all([...closers.map((c) => c()), busy.close(), synDrop.close(), dns.close()]);
    },
  };
}

/** A one-recipient send to `user@domain` through the lab's DNS and port; `session` as given. */
export function labRequest(
  lab: RaceLab,
  domain: string,
  session: Partial<SendRequestInput['session']> = {},
): SendRequest {
  const to = [`user@${domain}`];
  return SendRequest.parse({
    envelope: { mailFrom: 'race@mxray.test', rcptTo: to },
    message: { from: 'race@mxray.test', to, subject: 'race', text: 'hi' },
    route: { kind: 'mx', port: lab.port, dnsServers: [lab.dns.address] },
    session: { helo: 'client.mxray.test', tls: 'off', ...session },
  } satisfies SendRequestInput);
}
