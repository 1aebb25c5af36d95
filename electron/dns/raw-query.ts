import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import * as packet from 'dns-packet';

/** A DNS answer as it came: records of the asked type, the response code and the AD bit. */
export interface RawAnswer {
  rcode: string;
  /** The resolver says it validated the answer with DNSSEC (RFC 4035 AD bit). */
  authenticated: boolean;
  answers: packet.Answer[];
}

const RCODES: Record<number, string> = { 0: 'NOERROR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 5: 'REFUSED' };

export interface RawQueryOptions {
  timeoutMs: number;
  tries: number;
}

/** "1.2.3.4", "1.2.3.4:53", "::1", "[::1]:53", as Resolver.getServers() gives them. */
export function splitServer(server: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed) return { host: bracketed[1] as string, port: Number(bracketed[2] ?? 53) };
  if (net.isIPv6(server)) return { host: server, port: 53 };
  const [host = server, port = '53'] = server.split(':');
  return { host, port: Number(port) };
}

function overUdp(server: { host: string; port: number }, query: Buffer, timeoutMs: number) {
  return new Promise<Buffer>((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    const timer = setTimeout(() => done(new Error('ETIMEOUT')), timeoutMs);
    const done = (error: Error | null, reply?: Buffer) => {
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(reply as Buffer);
    };
    socket.on('message', (message) => {
      if (message.length >= 2 && message.readUInt16BE(0) === query.readUInt16BE(0))
        done(null, message);
    });
    socket.on('error', (error) => done(error));
    socket.send(query, server.port, server.host);
  });
}

function overTcp(server: { host: string; port: number }, query: Buffer, timeoutMs: number) {
  return new Promise<Buffer>((resolve, reject) => {
    const socket = net.connect(server.port, server.host);
    let buffer = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('ETIMEOUT')));
    socket.on('connect', () => socket.write(packet.streamEncode(packet.decode(query))));
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
        socket.end();
        resolve(buffer.subarray(2, 2 + buffer.readUInt16BE(0)));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('ECONNRESET')));
  });
}

/**
 * One question to the first server that answers, over UDP and again over TCP when the answer
 * is truncated. For the record types Node 20's resolver cannot ask for (TLSA), and for the AD
 * bit, which c-ares does not expose. Asks with AD set (RFC 6840 §5.7) so a validating resolver
 * says whether it validated.
 */
export async function rawQuery(
  servers: string[],
  name: string,
  type: packet.RecordType,
  options: RawQueryOptions,
): Promise<RawAnswer> {
  let lastError: Error = new Error('no DNS server to ask');
  for (let attempt = 0; attempt < Math.max(options.tries, 1); attempt++) {
    for (const server of servers.map(splitServer)) {
      const query = packet.encode({
        type: 'query',
        id: randomInt(1, 65535),
        flags: packet.RECURSION_DESIRED | packet.AUTHENTIC_DATA,
        questions: [{ type, name, class: 'IN' }],
      });
      try {
        let reply = packet.decode(await overUdp(server, query, options.timeoutMs));
        if (reply.flag_tc) reply = packet.decode(await overTcp(server, query, options.timeoutMs));
        return {
          rcode: RCODES[(reply.flags ?? 0) & 0xf] ?? 'OTHER',
          authenticated: reply.flag_ad === true,
          answers: (reply.answers ?? []).filter((a) => a.type === type),
        };
      } catch (error) {
        lastError = error as Error;
      }
    }
  }
  throw lastError;
}
