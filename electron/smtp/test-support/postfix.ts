import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { selfSignedCert } from './certs';

const run = promisify(execFile);
export const POSTFIX = '/usr/sbin/postfix';
export const postfixInstalled = () => existsSync(POSTFIX) && process.getuid?.() === 0;

/** Every daemon without chroot: the instance lives in a temporary folder, not in /var/spool. */
const MASTER_CF = `
smtp      inet  n       -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`;

export interface PostfixOptions {
  /** smtpd listens on this address alone (named in master.cf). Default 127.0.0.25. */
  host?: string;
  /** Default 2525. */
  port?: number;
  /** myhostname, also the certificate's name; mydomain is the rest after its first label. */
  hostname?: string;
  /** virtual_mailbox_domains. */
  domains?: string[];
  /** The regexp table behind virtual_mailbox_maps: `/pattern/ mailbox-folder/` lines. */
  mailboxMap?: string;
  /** STARTTLS with a self-signed certificate (smtpd_tls_security_level = may), or none. */
  tls?: boolean;
  /** virtual delivers to Maildirs under the instance (see delivered()); discard drops mail. */
  transport?: 'virtual' | 'discard';
  /** More main.cf settings; they win over the ones made here. */
  extraMainCf?: Record<string, string | number>;
}

export interface PostfixInstance {
  host: string;
  port: number;
  /** The instance's config folder, for postconf -c. */
  conf: string;
  /** The messages Postfix delivered to a Maildir (default alice/), as raw bytes. */
  delivered(mailbox?: string): Promise<Buffer[]>;
  /** Postfix's log so far ('' before it has one). */
  maillog(): Promise<string>;
  /** `postfix stop`, then waits (5 s at most) for its master to exit; removes the folder. */
  stop(): Promise<void>;
}

/**
 * A real Postfix, from Debian's package, as its own instance: its own config folder, queue
 * and Maildirs under a temporary folder, listening on one 127.x address only (named in
 * master.cf, since Postfix's inet_interfaces only takes addresses configured on an interface).
 * By default it accepts mail for alice@postfix.test (delivered to a Maildir, TLS offered) and
 * refuses other postfix.test users. If it fails to start, nothing is left running or on disk.
 */
export async function startPostfix(options: PostfixOptions = {}): Promise<PostfixInstance> {
  const {
    host = '127.0.0.25',
    port = 2525,
    hostname = 'mx.postfix.test',
    domains = ['postfix.test'],
    mailboxMap = '/^alice@postfix\\.test$/ alice/\n',
    tls = true,
    transport = 'virtual',
  } = options;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-postfix-'));
  const conf = path.join(dir, 'conf');
  const mail = path.join(dir, 'mail');
  const maillog = () => readFile(path.join(dir, 'maillog'), 'utf8').catch(() => '');
  let master = 0;
  const stop = async () => {
    master ||= await masterPid(dir);
    try {
      await run(POSTFIX, ['-c', conf, 'stop']);
    } finally {
      for (let i = 0; master > 0 && alive(master) && i < 50; i++) await sleep(100);
      await rm(dir, { recursive: true, force: true });
    }
  };
  let started = false;
  try {
    await mkdir(conf);
    await mkdir(mail);
    await mkdir(path.join(dir, 'queue'));
    await mkdir(path.join(dir, 'data'));
    await run('chown', ['postfix', path.join(dir, 'data')]);
    await chmod(dir, 0o755);
    await chmod(mail, 0o777);
    if (tls) {
      const { key, cert } = await selfSignedCert(hostname);
      await writeFile(path.join(conf, 'key.pem'), key, { mode: 0o600 });
      await writeFile(path.join(conf, 'cert.pem'), cert);
    }
    await writeFile(path.join(conf, 'mailboxes'), mailboxMap);
    await writeFile(
      path.join(conf, 'master.cf'),
      MASTER_CF.replace(/^smtp {6}inet/m, `${host}:${port} inet`),
    );
    const settings = { ...mainCf(dir, hostname, domains, tls, transport), ...options.extraMainCf };
    const lines = Object.entries(settings).map(([name, value]) => `${name} = ${value}\n`);
    await writeFile(path.join(conf, 'main.cf'), lines.join(''));
    await run(POSTFIX, ['-c', conf, 'start']).catch(
      (error: { stderr?: string; message: string }) => {
        throw new Error(`postfix start failed: ${error.stderr || error.message}`);
      },
    );
    started = true;
    await waitForPort(host, port);
    master = await masterPid(dir);
  } catch (error) {
    const log = await maillog();
    if (started) await stop().catch(() => {});
    else await rm(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${log}`, { cause: error });
  }
  return {
    host,
    port,
    conf,
    async delivered(mailbox = 'alice') {
      const folder = path.join(mail, mailbox, 'new');
      if (!existsSync(folder)) return [];
      const names = (await readdir(folder)).sort();
      return Promise.all(names.map((n) => readFile(path.join(folder, n))));
    },
    maillog,
    stop,
  };
}

function mainCf(
  dir: string,
  hostname: string,
  domains: string[],
  tls: boolean,
  transport: 'virtual' | 'discard',
) {
  const domain = hostname.slice(hostname.indexOf('.') + 1);
  const settings: Record<string, string | number> = {
    compatibility_level: '3.6',
    queue_directory: `${dir}/queue`,
    data_directory: `${dir}/data`,
    mail_owner: 'postfix',
    setgid_group: 'postdrop',
    inet_interfaces: 'loopback-only',
    inet_protocols: 'ipv4',
    myhostname: hostname,
    mydomain: domain,
    myorigin: domain,
    mydestination: '',
    mynetworks: '127.0.0.0/8',
    alias_maps: '',
    alias_database: '',
    local_recipient_maps: '',
    relay_domains: '',
    virtual_mailbox_domains: domains.join(', '),
    virtual_mailbox_base: `${dir}/mail`,
    virtual_mailbox_maps: `regexp:${dir}/conf/mailboxes`,
    virtual_uid_maps: 'static:65534',
    virtual_gid_maps: 'static:65534',
    virtual_minimum_uid: 100,
    virtual_transport: transport,
    smtpd_recipient_restrictions: 'permit_mynetworks, reject_unauth_destination',
    smtpd_tls_security_level: tls ? 'may' : 'none',
    smtputf8_enable: 'yes',
    maillog_file: `${dir}/maillog`,
    maillog_file_prefixes: dir,
    biff: 'no',
  };
  if (tls) {
    settings.smtpd_tls_cert_file = `${dir}/conf/cert.pem`;
    settings.smtpd_tls_key_file = `${dir}/conf/key.pem`;
  }
  return settings;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const masterPid = async (dir: string) =>
  Number(
    (await readFile(path.join(dir, 'queue', 'pid', 'master.pid'), 'utf8').catch(() => '')).trim(),
  ) || 0;

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForPort(host: string, port: number) {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`Postfix did not start listening on ${host}:${port}`);
}
