import dgram from 'node:dgram';
import net from 'node:net';
import * as packet from 'dns-packet';

export type DnsRecord =
  | { type: 'MX'; preference: number; exchange: string }
  | { type: 'A'; address: string }
  | { type: 'AAAA'; address: string }
  | { type: 'CNAME'; target: string }
  | { type: 'TXT'; text: string }
  | { type: 'PTR'; target: string }
  /** data: the association data in hex. */
  | { type: 'TLSA'; usage: number; selector: number; matchingType: number; data: string };

/** What the server does for one name: answer with records, or fail in a chosen way. */
export type Zone = DnsRecord[] | 'NXDOMAIN' | 'SERVFAIL' | 'TIMEOUT';

export interface TestDnsServer {
  host: string;
  port: number;
  /** "127.0.0.1:PORT", for --dns and Resolver.setServers. */
  address: string;
  /** Queries seen, as "TYPE name". */
  queries: string[];
  close(): Promise<void>;
}

/**
 * A small authoritative DNS server over UDP and TCP on loopback, for tests: a real server
 * on a real socket that Node's resolver (c-ares) talks to as it would to any other.
 */
export async function startDnsServer(
  zones: Record<string, Zone>,
  host = '127.0.0.1',
  options: {
    /** Names whose answers carry the AD bit, as a validating resolver's would. */ signed?: string[];
  } = {},
): Promise<TestDnsServer> {
  const signed = new Set((options.signed ?? []).map((n) => n.toLowerCase()));
  const queries: string[] = [];
  const lookup = (name: string): Zone | undefined => zones[name.toLowerCase().replace(/\.$/, '')];
  // A name with names below it exists, records or not (an empty non-terminal, RFC 8020): its
  // answer is NOERROR with nothing in it, as a real server gives for "test." here.
  const hasDescendants = (name: string) => {
    const suffix = `.${name.toLowerCase().replace(/\.$/, '')}`;
    return Object.keys(zones).some((k) => k.endsWith(suffix));
  };

  const answer = (query: packet.Packet): Buffer | null => {
    const question = query.questions?.[0];
    if (!question) return null;
    queries.push(`${question.type} ${question.name}`);
    const zone = lookup(question.name);
    const ad = signed.has(question.name.toLowerCase().replace(/\.$/, ''))
      ? packet.AUTHENTIC_DATA
      : 0;
    const base = {
      id: query.id,
      type: 'response' as const,
      questions: query.questions,
      flags: packet.AUTHORITATIVE_ANSWER | ad,
    };
    if (zone === 'TIMEOUT') return null;
    if (zone === 'SERVFAIL') return packet.encode({ ...base, flags: base.flags | 2 });
    if (zone === undefined && hasDescendants(question.name)) return packet.encode(base);
    if (zone === undefined || zone === 'NXDOMAIN')
      return packet.encode({ ...base, flags: base.flags | 3 });
    const answers: packet.Answer[] = [];
    for (const record of zone) {
      const common = { name: question.name, ttl: 60, class: 'IN' as const };
      if (record.type === 'CNAME' && question.type !== 'CNAME') {
        // Follow the alias inside our own data, as a recursive answer would.
        answers.push({ ...common, type: 'CNAME', data: record.target });
        const target = lookup(record.target);
        if (Array.isArray(target)) {
          for (const r of target)
            if (r.type === question.type)
              answers.push(toAnswer({ ...common, name: record.target }, r));
        }
      } else if (record.type === question.type) {
        answers.push(toAnswer(common, record));
      }
    }
    return packet.encode({ ...base, answers });
  };

  const udp = dgram.createSocket('udp4');
  udp.on('message', (message, remote) => {
    const query = packet.decode(message);
    let reply = answer(query);
    // Like a real server without EDNS: over UDP at most 512 bytes, else truncated (RFC 1035 §4.2.1).
    if (reply && reply.length > 512) {
      const full = packet.decode(reply);
      reply = packet.encode({
        ...full,
        flags: (full.flags ?? 0) | packet.TRUNCATED_RESPONSE,
        answers: [],
      });
    }
    if (reply) udp.send(reply, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => udp.bind(0, host, resolve));
  const port = udp.address().port;

  const tcp = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
        const length = buffer.readUInt16BE(0);
        const reply = answer(packet.decode(buffer.subarray(2, 2 + length)));
        buffer = buffer.subarray(2 + length);
        if (reply)
          socket.write(
            Buffer.concat([Buffer.from([reply.length >> 8, reply.length & 0xff]), reply]),
          );
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, host, resolve);
  });

  return {
    host,
    port,
    address: `${host}:${port}`,
    queries,
    close: async () => {
      udp.close();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

function toAnswer(
  common: { name: string; ttl: number; class: 'IN' },
  record: DnsRecord,
): packet.Answer {
  switch (record.type) {
    case 'MX':
      return {
        ...common,
        type: 'MX',
        data: { preference: record.preference, exchange: record.exchange },
      };
    case 'A':
      return { ...common, type: 'A', data: record.address };
    case 'AAAA':
      return { ...common, type: 'AAAA', data: record.address };
    case 'CNAME':
      return { ...common, type: 'CNAME', data: record.target };
    case 'TXT':
      // One TXT record holds strings of at most 255 bytes each (RFC 1035 §3.3.14).
      return { ...common, type: 'TXT', data: record.text.match(/[\s\S]{1,255}/g) ?? [''] };
    case 'PTR':
      return { ...common, type: 'PTR', data: record.target };
    case 'TLSA':
      return {
        ...common,
        type: 'TLSA',
        data: {
          usage: record.usage,
          selector: record.selector,
          matchingType: record.matchingType,
          certificate: Buffer.from(record.data, 'hex'),
        },
      };
  }
}
