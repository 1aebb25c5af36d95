import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePortOn } from '../../smtp/test-support/free-port';

export const SPAMD = '/usr/sbin/spamd';
/** Debian's site config: its .pre files load the plugins (Check among them) spamd needs. */
const SITE_CONFIG = '/etc/spamassassin';
export const spamdInstalled = () => existsSync(SPAMD) && existsSync(SITE_CONFIG);

/**
 * Local tests only: no DNS blocklists, no Bayes database, nothing learned between runs. The
 * rules are Debian's shipped ones (/usr/share/spamassassin, spamd's default rules path when
 * sa-update never ran), so no network is needed.
 */
const LOCAL_CF = `skip_rbl_checks 1
dns_available no
use_bayes 0
bayes_auto_learn 0
`;

export interface SpamdInstance {
  host: string;
  port: number;
  /** What spamd logged so far (its syslog goes to stderr). */
  log(): string;
  /** SIGTERM, then waits for spamd to exit (10 s at most); removes its folder. */
  stop(): Promise<void>;
}

/**
 * A real SpamAssassin spamd from Debian's packages on 127.0.0.1 and a free port, its site
 * config a temporary folder (Debian's .pre files and a local.cf without network tests), run
 * as nobody when the tests run as root (spamd will not scan as root). Resolves once spamd
 * has compiled its rules and listens; if it does not, nothing is left running or on disk.
 */
export async function startSpamd(): Promise<SpamdInstance> {
  const host = '127.0.0.1';
  const port = await freePortOn([host]);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-spamd-'));
  const home = path.join(dir, 'home');
  await mkdir(home);
  for (const name of await readdir(SITE_CONFIG))
    if (name.endsWith('.pre')) await copyFile(path.join(SITE_CONFIG, name), path.join(dir, name));
  await writeFile(path.join(dir, 'local.cf'), LOCAL_CF);
  // mkdtemp makes 0700; nobody must read the config and may write its home.
  await chmod(dir, 0o755);
  await chmod(home, 0o777);
  const args = [
    `--listen=${host}:${port}`,
    `--allowed-ips=${host}`,
    '--local',
    '--nouser-config',
    `--siteconfigpath=${dir}`,
    `--helper-home-dir=${home}`,
    '--max-children=2',
    '--min-children=1',
    '--syslog=stderr',
    ...(process.getuid?.() === 0 ? ['--username=nobody'] : []),
  ];
  const child = spawn(SPAMD, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    log += text;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await listening(child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, port, log: () => log, stop };
}

/** Until spamd logs that it listens, or exits, or 60 s pass. */
function listening(child: ChildProcess, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!/server started on/.test(log())) return;
      cleanup();
      resolve();
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`spamd exited before listening:\n${log().slice(-2000)}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`spamd did not listen within 60 s:\n${log().slice(-2000)}`));
    }, 60_000);
    const cleanup = () => {
      clearTimeout(timer);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
    };
    child.stderr?.on('data', check);
    child.once('exit', onExit);
  });
}
