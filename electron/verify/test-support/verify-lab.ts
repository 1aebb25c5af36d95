import type { SMTPServerOptions } from 'smtp-server';
import { startDnsServer, type TestDnsServer } from '../../dns/test-support/dns-server';
import { freePortOn } from '../../smtp/test-support/free-port';
import { startSmtpServer, type TestSmtpServer } from '../../smtp/test-support/smtp-server';

/** The lab's MX hosts, one behaviour each, on distinct loopback addresses sharing one port. */
export const ip = {
  users: '127.0.0.101',
  catchall: '127.0.0.102',
  grey: '127.0.0.103',
  full: '127.0.0.104',
  five: '127.0.0.105',
  dead: '127.0.0.106',
  picky: '127.0.0.107',
};

const refuse = (code: number, text: string) =>
  Object.assign(new Error(text), { responseCode: code });

export interface VerifyLab {
  port: number;
  dns: TestDnsServer;
  servers: Record<'users' | 'catchall' | 'grey' | 'full' | 'five' | 'picky', TestSmtpServer>;
  /** Did any server ever get a DATA command? */
  sawData(): boolean;
  close(): Promise<void>;
}

/**
 * Servers a verifier meets: a user list (alice, bob, postmaster), a catch-all, a greylister,
 * a full mailbox, one taking 5 RCPT per transaction, and a first MX that is down.
 */
export async function startVerifyLab(greylistSeconds = 60): Promise<VerifyLab> {
  const port = await freePortOn(Object.values(ip));
  let data = false;
  const onData = () => {
    data = true;
  };
  const users = new Set(['alice', 'bob', 'postmaster']);
  const local = (a: string) => a.slice(0, a.lastIndexOf('@')).toLowerCase();
  const server = (
    host: string,
    onRcptTo: SMTPServerOptions['onRcptTo'],
    extra: Partial<SMTPServerOptions> = {},
  ) =>
    startSmtpServer(
      {
        ...extra,
        onRcptTo,
        onData(stream, _s, cb) {
          onData();
          stream.resume();
          stream.on('end', () => cb(refuse(554, '5.7.1 A verifier must never send DATA')));
        },
      },
      host,
      port,
    );
  const servers = {
    users: await server(ip.users, (a, _s, cb) =>
      users.has(local(a.address)) ? cb() : cb(refuse(550, `5.1.1 <${a.address}>: no such user`)),
    ),
    catchall: await server(ip.catchall, (_a, _s, cb) => cb()),
    grey: await server(ip.grey, (_a, _s, cb) =>
      cb(refuse(450, `4.7.1 Greylisted, try again in ${greylistSeconds} seconds`)),
    ),
    full: await server(ip.full, (a, _s, cb) =>
      cb(refuse(452, `4.2.2 <${a.address}>: mailbox full`)),
    ),
    // Refuses the null sender: a probe's MAIL FROM, not any mailbox, is the problem.
    picky: await server(ip.picky, (_a, _s, cb) => cb(), {
      onMailFrom: (a, _s, cb) =>
        a.address ? cb() : cb(refuse(550, '5.7.1 We do not take mail from the null sender')),
    }),
    five: await server(ip.five, (a, s, cb) =>
      s.envelope.rcptTo.length >= 5
        ? cb(refuse(452, '4.5.3 Too many recipients'))
        : users.has(local(a.address)) || local(a.address).startsWith('user')
          ? cb()
          : cb(refuse(550, '5.1.1 No such user')),
    ),
  };
  const mx = (preference: number, exchange: string) => ({
    type: 'MX' as const,
    preference,
    exchange,
  });
  const a = (address: string) => [{ type: 'A' as const, address }];
  const dns = await startDnsServer({
    'users.test': [mx(10, 'mx.users.test')],
    'mx.users.test': a(ip.users),
    'catchall.test': [mx(10, 'mx.catchall.test')],
    'mx.catchall.test': a(ip.catchall),
    'grey.test': [mx(10, 'mx.grey.test')],
    'mx.grey.test': a(ip.grey),
    'full.test': [mx(10, 'mx.full.test')],
    'mx.full.test': a(ip.full),
    'five.test': [mx(10, 'mx.five.test')],
    'mx.five.test': a(ip.five),
    'failover.test': [mx(10, 'dead.failover.test'), mx(20, 'live.failover.test')],
    'dead.failover.test': a(ip.dead),
    'live.failover.test': a(ip.users),
    'nullmx.test': [mx(0, '.')],
    'picky.test': [mx(10, 'mx.picky.test')],
    'mx.picky.test': a(ip.picky),
  });
  return {
    port,
    dns,
    servers,
    sawData: () => data,
    close: async () => {
      await Promise.all(Object.values(servers).map((s) => s.close()));
      await dns.close();
    },
  };
}
