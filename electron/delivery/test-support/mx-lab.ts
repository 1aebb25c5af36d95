import { startDnsServer, type TestDnsServer } from '../../dns/test-support/dns-server';
import { freePortOn } from '../../smtp/test-support/free-port';
import { startGreylistServer } from '../../smtp/test-support/greylist-server';
import { type ScriptedServer, startScriptedServer } from '../../smtp/test-support/scripted-server';
import { startSmtpServer, type TestSmtpServer } from '../../smtp/test-support/smtp-server';

/** The addresses of the lab's MX hosts, one behaviour each. */
export const ip = {
  refused: '127.0.0.81',
  busy: '127.0.0.82',
  accepting: '127.0.0.83',
  implicit: '127.0.0.84',
  equalA: '127.0.0.85',
  equalB: '127.0.0.86',
  silent1: '127.0.0.87',
  silent2: '127.0.0.88',
  rejecting: '127.0.0.89',
  backup: '127.0.0.90',
  greylisting: '127.0.0.91',
};

export interface MxLab {
  port: number;
  dns: TestDnsServer;
  smtp: Record<string, TestSmtpServer>;
  scripted: Record<string, ScriptedServer>;
  /** Connections all listeners have accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * MX hosts as real listeners on distinct 127.x addresses sharing one port, found through a
 * real DNS server on loopback: refused (nothing listens), a 421 greeting, silence, acceptance,
 * RCPT rejection. Domains: failover.test, implicit.test, nullmx.test, servfail.test,
 * equal.test, silent.test, reject.test, greylist.test (and any other name is NXDOMAIN).
 */
export async function startMxLab(): Promise<MxLab> {
  const port = await freePortOn(Object.values(ip));
  const smtp: Record<string, TestSmtpServer> = {};
  const scripted: Record<string, ScriptedServer> = {};
  for (const name of ['accepting', 'implicit', 'equalA', 'equalB', 'backup'] as const) {
    smtp[name] = await startSmtpServer({}, ip[name], port);
  }
  smtp.rejecting = await startSmtpServer(
    {
      onRcptTo: (_a, _s, cb) =>
        cb(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 })),
    },
    ip.rejecting,
    port,
  );
  scripted.busy = await startScriptedServer(
    async (c) => {
      c.reply('421 4.3.2 mx2 is too busy, try later');
      c.end();
    },
    ip.busy,
    port,
  );
  for (const name of ['silent1', 'silent2'] as const) {
    scripted[name] = await startScriptedServer((c) => c.closed(), ip[name], port);
  }
  smtp.greylisting = await startGreylistServer(1000, () => true, ip.greylisting, port);
  const mx = (preference: number, exchange: string) => ({
    type: 'MX' as const,
    preference,
    exchange,
  });
  const a = (address: string) => [{ type: 'A' as const, address }];
  const dns = await startDnsServer({
    'failover.test': [
      mx(10, 'mx1.failover.test'),
      mx(20, 'mx2.failover.test'),
      mx(30, 'mx3.failover.test'),
    ],
    'mx1.failover.test': a(ip.refused),
    'mx2.failover.test': a(ip.busy),
    'mx3.failover.test': a(ip.accepting),
    'implicit.test': a(ip.implicit),
    'nullmx.test': [mx(0, '.')],
    'servfail.test': 'SERVFAIL',
    'equal.test': [mx(10, 'a.equal.test'), mx(10, 'b.equal.test')],
    'a.equal.test': a(ip.equalA),
    'b.equal.test': a(ip.equalB),
    'silent.test': [mx(10, 's1.silent.test'), mx(20, 's2.silent.test')],
    's1.silent.test': a(ip.silent1),
    's2.silent.test': a(ip.silent2),
    'reject.test': [mx(10, 'r1.reject.test'), mx(20, 'r2.reject.test')],
    'r1.reject.test': a(ip.rejecting),
    'r2.reject.test': a(ip.backup),
    'greylist.test': [mx(10, 'mx.greylist.test')],
    'mx.greylist.test': a(ip.greylisting),
  });
  const servers = () => [...Object.values(smtp), ...Object.values(scripted)];
  return {
    port,
    dns,
    smtp,
    scripted,
    connections: () =>
      [
        ...Object.values(smtp).map((s) => s.connections()),
        ...Object.values(scripted).map((s) => s.connections),
      ].reduce((x, y) => x + y, 0),
    close: async () => {
      await Promise.all(servers().map((s) => s.close()));
      await dns.close();
    },
  };
}
