import net from 'node:net';

const canListen = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });

/**
 * A port free on every given loopback address: MX delivery uses one port for all hosts, so
 * test MX servers on 127.0.0.x must share it. (Not 25: a system MTA may hold *:25.)
 */
export async function freePortOn(hosts: string[]): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    const free = await Promise.all(hosts.map((h) => canListen(h, port)));
    if (free.every(Boolean)) return port;
  }
  throw new Error(`no common free port on ${hosts.join(', ')}`);
}
