import { readFileSync } from 'node:fs';
import net from 'node:net';

const canListen = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });

/**
 * The lowest port the kernel hands out for outgoing connections. A port chosen from that range
 * can be free when checked and then taken by some test's client socket before the server
 * listens on it (seen in CI as EADDRINUSE), so test servers pick below it.
 */
function ephemeralFloor(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/);
    const floor = Number(low);
    return Number.isInteger(floor) && floor > 12000 ? floor : 32768;
  } catch {
    return 32768; // the Linux default; macOS and Windows start at 49152
  }
}

/**
 * A port free on every given loopback address: MX delivery uses one port for all hosts, so
 * test MX servers on 127.0.0.x must share it. (Not 25: a system MTA may hold *:25.)
 */
export async function freePortOn(hosts: string[]): Promise<number> {
  const floor = ephemeralFloor();
  for (let tries = 0; tries < 50; tries++) {
    const port = 10000 + Math.floor(Math.random() * (floor - 10000));
    const free = await Promise.all(hosts.map((h) => canListen(h, port)));
    if (free.every(Boolean)) return port;
  }
  throw new Error(`no common free port on ${hosts.join(', ')}`);
}
