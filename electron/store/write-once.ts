import { open } from 'node:fs/promises';
import path from 'node:path';
import { syncFolder } from './atomic-file';
import { fsReason, StoreError } from './store-error';

/**
 * Files written once under one folder, each durable before the caller hears it is: data
 * fsynced, then the folder fsynced so the name survives a power loss too. Nothing refers to
 * a file until this resolves, so a crash mid-write leaves an unreferenced file that the
 * owner removes at its next open, never a torn file that something points to.
 * Many files written at the same time share folder fsyncs: a folder sync that starts after
 * a file's data is synced covers that file's name.
 */
export class WriteOnceFolder {
  private syncing: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(readonly folder: string) {}

  async write(name: string, data: Uint8Array | string): Promise<void> {
    const file = path.join(this.folder, name);
    try {
      // 'w', not 'wx': a file of this name can only be a leftover nothing refers to.
      const handle = await open(file, 'w', 0o600);
      try {
        await handle.writeFile(data);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await this.syncFolder();
    } catch (error) {
      throw new StoreError(`could not write ${file}: ${fsReason(error)}`, error);
    }
  }

  /** One folder fsync that begins after this call; calls meanwhile share the next one. */
  private syncFolder(): Promise<void> {
    if (!this.syncing) {
      this.syncing = syncFolder(this.folder).finally(() => {
        this.syncing = null;
      });
      return this.syncing;
    }
    // One is running and may have started before our data was synced: wait for the next.
    this.queued ??= this.syncing
      .catch(() => {})
      .then(() => {
        this.queued = null;
        return this.syncFolder();
      });
    return this.queued;
  }
}
