import net from 'node:net';
import type { SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsClient } from '../dns/resolver';
import { dnsResolver } from '../dns/routing';
import { startDnsServer, type TestDnsServer } from '../dns/test-support/dns-server';
import { freePortOn } from '../smtp/test-support/free-port';
import { startSmtpServer, type TestSmtpServer } from '../smtp/test-support/smtp-server';
import { unitsOf } from './domain-sessions';
import { verifyAddresses } from './verifier';

const ip = {
  counting: '127.0.0.121',
  limiting: '127.0.0.122',
  /** Nothing listens: connections are refused. */
  dead: '127.0.0.123',
  /** Takes connections and never says a word. */
  mute: '127.0.0.124',
};
const PROBE = 'mxray-probe-random';

const refuse = (code: number, text: string) =>
  Object.assign(new Error(text), { responseCode: code });

/** A big domain's MX: takes user<N>, refuses anyone else; counts sessions open at once. */
interface BigMx {
  server: TestSmtpServer;
  /** RCPT TO per address, probe included. */
  asked: Map<string, number>;
  /** Most sessions open at once (greeted, not yet closed). */
  peak(): number;
  /** Connections answered 421 because two were open already. */
  refused(): number;
  /** Connections greeted. */
  accepted(): number;
  sawData(): boolean;
}

async function bigMx(
  host: string,
  port: number,
  limit: number | null,
  slowGreetingMs = 0,
): Promise<BigMx> {
  const asked = new Map<string, number>();
  const open = new Set<string>();
  let peak = 0;
  let refused = 0;
  let accepted = 0;
  let data = false;
  const options: Partial<SMTPServerOptions> = {
    disableReverseLookup: true,
    onConnect(session, cb) {
      if (limit !== null && open.size >= limit) {
        refused++;
        return cb(refuse(421, '4.7.0 Too many connections from your host, try again later'));
      }
      open.add(session.id);
      accepted++;
      peak = Math.max(peak, open.size);
      setTimeout(() => cb(), slowGreetingMs);
    },
    onClose(session) {
      open.delete(session.id);
    },
    onRcptTo(a, _s, cb) {
      asked.set(a.address, (asked.get(a.address) ?? 0) + 1);
      if (/^user\d+@/.test(a.address)) cb();
      else cb(refuse(550, `5.1.1 <${a.address}>: no such user`));
    },
    onData(stream, _s, cb) {
      data = true;
      stream.resume();
      stream.on('end', () => cb(refuse(554, '5.7.1 A verifier must never send DATA')));
    },
  };
  const server = await startSmtpServer(options, host, port);
  return {
    server,
    asked,
    peak: () => peak,
    refused: () => refused,
    accepted: () => accepted,
    sawData: () => data,
  };
}

let port: number;
let dns: TestDnsServer;
let counting: BigMx;
let limiting: BigMx;
let mute: net.Server;
let muteConnections = 0;
beforeAll(async () => {
  port = await freePortOn(Object.values(ip));
  counting = await bigMx(ip.counting, port, null);
  limiting = await bigMx(ip.limiting, port, 2, 150);
  const held: net.Socket[] = [];
  mute = net.createServer((socket) => {
    muteConnections++;
    held.push(socket);
    socket.on('error', () => {});
  });
  mute.on('close', () => {
    for (const s of held) s.destroy();
  });
  await new Promise<void>((r) => mute.listen(port, ip.mute, r));
  dns = await startDnsServer({
    'big.test': [{ type: 'MX', preference: 10, exchange: 'mx.big.test' }],
    'mx.big.test': [{ type: 'A', address: ip.counting }],
    'strict.test': [{ type: 'MX', preference: 10, exchange: 'mx.strict.test' }],
    'mx.strict.test': [{ type: 'A', address: ip.limiting }],
    'dead.test': [{ type: 'MX', preference: 10, exchange: 'mx.dead.test' }],
    'mx.dead.test': [{ type: 'A', address: ip.dead }],
    'mute.test': [{ type: 'MX', preference: 10, exchange: 'mx.mute.test' }],
    'mx.mute.test': [{ type: 'A', address: ip.mute }],
  });
});
afterAll(async () => {
  await counting?.server.close();
  await limiting?.server.close();
  await new Promise((r) => (mute ? mute.close(r) : r(null)));
  await dns?.close();
});

const verify = (addresses: string[], extra = {}) =>
  verifyAddresses(addresses, {
    resolve: dnsResolver(createDnsClient({ servers: [dns.address] })),
    probeFrom: 'probe@mxray.test',
    helo: 'probe.mxray.test',
    tls: 'off',
    port,
    timeouts: { connect: 5000, banner: 5000, command: 5000, mail: 5000, rcpt: 5000 },
    randomLocal: () => PROBE,
    ...extra,
  });

const users = (n: number, domain: string) =>
  Array.from({ length: n }, (_, i) => `user${i}@${domain}`);

describe('several sessions to one domain, within its window', () => {
  it('cuts a domain into units: one for a small domain or a window of one, else 1–4 batches', () => {
    const sizes = (n: number, batch: number, max: number, perAddress = false) =>
      unitsOf(users(n, 'x.test'), batch, max, perAddress).map((u) => u.length);
    expect(sizes(100, 100, 10)).toEqual([100]);
    expect(sizes(24, 100, 10)).toEqual([24]);
    expect(sizes(10_000, 100, 1)).toEqual([10_000]);
    expect(sizes(1000, 100, 10)).toEqual(Array(10).fill(100));
    expect(sizes(10_000, 100, 10)).toEqual(Array(25).fill(400));
    expect(sizes(250, 100, 2)).toEqual([100, 100, 50]);
    expect(sizes(3, 100, 10, true)).toEqual([1, 1, 1]);
    const all = unitsOf(users(1234, 'x.test'), 100, 4).flat();
    expect(all).toEqual(users(1234, 'x.test'));
  });

  it('1,000 addresses at one domain: more than one session at once, never more than N, each address asked once', async () => {
    const N = 4;
    const addresses = users(1000, 'big.test');
    const { results, sessions } = await verify(addresses, {
      perDomain: { initial: Math.min(2, N), max: N },
    });
    expect(results.map((r) => r.address)).toEqual(addresses);
    expect(results.every((r) => r.verdict === 'deliverable' && r.catchAll === false)).toBe(true);
    expect(counting.peak()).toBeGreaterThan(1);
    expect(counting.peak()).toBeLessThanOrEqual(N);
    expect(sessions.length).toBeGreaterThan(1);
    // Every address asked exactly once, and the random probe once for the whole domain.
    expect(counting.asked.size).toBe(1001);
    expect(counting.asked.get(`${PROBE}@big.test`)).toBe(1);
    expect([...counting.asked.values()].every((n) => n === 1)).toBe(true);
    expect(counting.sawData()).toBe(false);
  });

  it('a server that takes two sessions and answers 421 "too many connections" to a third: every address answered, the window halves', async () => {
    const addresses = users(1000, 'strict.test');
    // Transactions of 10: 25 units. Its greeting takes 150 ms more than its refusal: a good
    // session lasts longer than a refused one, as on a real server.
    const { results, sessions } = await verify(addresses, { batchSize: 10 });
    expect(results.map((r) => r.verdict)).toEqual(addresses.map(() => 'deliverable'));
    expect(results.every((r) => r.catchAll === false)).toBe(true);
    expect(limiting.asked.get(`${PROBE}@strict.test`)).toBe(1);
    expect([...limiting.asked.values()].every((n) => n === 1)).toBe(true);
    const refusedByClient = sessions.filter((s) => s.outcome === 'greeting-rejected').length;
    expect(refusedByClient).toBe(limiting.refused());
    // The window grew past two (the server had to refuse) and each refusal halved it. A
    // session is refused only when it starts with two others open (a window of 3 or more);
    // each good session adds one to the window, each refusal takes at least one off while it
    // is above one, so refusals stay about one per two good sessions here (11 of 25 seen),
    // never above the good sessions. A window deaf to refusals is refused at most starts
    // (seen: 103 refusals for 11 good sessions) and gives up on whole units.
    expect(limiting.refused()).toBeGreaterThan(0);
    expect(limiting.refused()).toBeLessThanOrEqual(limiting.accepted() + 1);
    expect(limiting.sawData()).toBe(false);
  });

  it('keeps one session for a domain of one batch or less, and stops when asked', async () => {
    const before = counting.accepted();
    await verify(users(100, 'big.test'));
    expect(counting.accepted() - before).toBe(1);

    let seen = 0;
    const { results, sessions } = await verify(users(2000, 'big.test'), {
      perDomain: { initial: 2, max: 2 },
      onResult: () => seen++,
      shouldStop: () => seen > 0,
    });
    expect(sessions.length).toBeLessThan(10);
    expect(results.some((r) => r.reason === 'not probed')).toBe(true);
  });

  it('a domain that answers nothing costs no more sessions than its first window', async () => {
    // Refused connections: the two first sessions are refused, the window halves, one more
    // alone is refused too, and that answers for the other 7 units.
    const dead = await verify(users(1000, 'dead.test'));
    expect(dead.results.every((r) => r.verdict === 'unknown')).toBe(true);
    expect(dead.results[999]?.reason).toMatch(/^no MX answered RCPT TO: .* refused the connection/);
    expect(dead.sessions.length).toBeLessThanOrEqual(3);
    // Silence (no feedback either way): the two first sessions time out, no third starts.
    const started = Date.now();
    const silent = await verify(users(1000, 'mute.test'), {
      timeouts: { connect: 2000, banner: 300, command: 2000, mail: 2000, rcpt: 2000 },
    });
    expect(silent.results.every((r) => r.verdict === 'unknown')).toBe(true);
    expect(silent.sessions.length).toBe(2);
    expect(muteConnections).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
