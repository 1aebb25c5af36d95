import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

export interface PostfixInstance {
  host: string;
  port: number;
  /** The messages Postfix delivered to alice@postfix.test's Maildir, as raw bytes. */
  delivered(): Promise<Buffer[]>;
  stop(): Promise<void>;
}

/**
 * A real Postfix, from Debian's package, as its own instance: its own config folder, queue
 * and Maildir under a temporary folder, listening on one 127.x address only (named in
 * master.cf, since Postfix's inet_interfaces only takes addresses configured on an interface). It accepts mail
 * for alice@postfix.test (delivered to a Maildir) and refuses other postfix.test users.
 */
export async function startPostfix(host = '127.0.0.25', port = 2525): Promise<PostfixInstance> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-postfix-'));
  const conf = path.join(dir, 'conf');
  const mail = path.join(dir, 'mail');
  await mkdir(conf);
  await mkdir(mail);
  await mkdir(path.join(dir, 'queue'));
  await mkdir(path.join(dir, 'data'));
  await run('chown', ['postfix', path.join(dir, 'data')]);
  await chmod(dir, 0o755);
  await chmod(mail, 0o777);
  const { key, cert } = await selfSignedCert('mx.postfix.test');
  await writeFile(path.join(conf, 'key.pem'), key, { mode: 0o600 });
  await writeFile(path.join(conf, 'cert.pem'), cert);
  await writeFile(
    path.join(conf, 'master.cf'),
    MASTER_CF.replace(/^smtp {6}inet/m, `${host}:${port} inet`),
  );
  await writeFile(
    path.join(conf, 'main.cf'),
    `compatibility_level = 3.6
queue_directory = ${dir}/queue
data_directory = ${dir}/data
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = mx.postfix.test
mydomain = postfix.test
myorigin = postfix.test
mydestination =
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
relay_domains =
virtual_mailbox_domains = postfix.test
virtual_mailbox_base = ${mail}
virtual_mailbox_maps = inline:{ alice@postfix.test=alice/ }
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
virtual_minimum_uid = 100
smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_tls_security_level = may
smtpd_tls_cert_file = ${conf}/cert.pem
smtpd_tls_key_file = ${conf}/key.pem
smtputf8_enable = yes
maillog_file = ${dir}/maillog
maillog_file_prefixes = ${dir}
biff = no
`,
  );
  try {
    await run(POSTFIX, ['-c', conf, 'start']);
  } catch (error) {
    const log = await readFile(path.join(dir, 'maillog'), 'utf8').catch(() => '');
    const e = error as { stderr?: string; message: string };
    throw new Error(`postfix start failed: ${e.stderr || e.message}\n${log}`);
  }
  await waitForPort(host, port);
  return {
    host,
    port,
    async delivered() {
      const folder = path.join(mail, 'alice', 'new');
      if (!existsSync(folder)) return [];
      const names = (await readdir(folder)).sort();
      return Promise.all(names.map((n) => readFile(path.join(folder, n))));
    },
    async stop() {
      await run(POSTFIX, ['-c', conf, 'stop']).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(host: string, port: number) {
  const net = await import('node:net');
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Postfix did not start listening on ${host}:${port}`);
}
