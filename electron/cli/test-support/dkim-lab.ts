import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type DkimWorld, startDkimWorld } from '../../message/test-support/dkim-world';
import { startSmtpServer, type TestSmtpServer } from '../../smtp/test-support/smtp-server';

/** What a CLI DKIM test needs: a folder for key files, a DNS to publish in, a server to send to. */
export interface DkimLab {
  dir: string;
  world: DkimWorld;
  smtp: TestSmtpServer;
  close(): Promise<void>;
}

export async function startDkimLab(): Promise<DkimLab> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-cli-dkim-'));
  const world = await startDkimWorld();
  const smtp = await startSmtpServer();
  return {
    dir,
    world,
    smtp,
    async close() {
      await smtp.close();
      await world.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
