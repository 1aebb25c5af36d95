import { randomBytes } from 'node:crypto';
import { chmod, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { DkimAlgorithm, DkimKeyInfo } from '../../shared/dkim';
import { ensureFolder, syncFolder, writeFileAtomic } from '../store/atomic-file';
import {
  privateFileBox,
  type SecretBox,
  sealToFile,
  unsealFile,
  unsealProblemText,
} from '../store/secret-box';
import { fsReason, StoreError } from '../store/store-error';
import { type DkimKeyPair, describeDkimKey, dkimTxtRecord, generateDkimKey } from './dkim-keys';
import { DkimError, type DkimSigningKey, dkimNames } from './dkim-sign';

/** What a key file says of its key before the sealed part: all public. */
interface KeyRecord {
  v: 1;
  id: string;
  domain: string;
  selector: string;
  algorithm: DkimAlgorithm;
  bits: number;
  publicKey: string;
  createdAt: string;
  warnings: string[];
}

/** Ids are ours: 16 hex digits, so no id can name a file outside the folder. */
const ID = /^[0-9a-f]{16}$/;
const SUFFIX = '.dkim';

/** Where a signing key comes from when a message is composed: the store, or the CLI's file. */
export type DkimKeySource = (keyId: string) => Promise<DkimSigningKey>;

/**
 * DKIM signing keys, one file each in a 0700 folder of the data folder, each file 0600: a
 * line of public facts (domain, selector, algorithm, the p= value), then the private key
 * sealed by the app's SecretBox (the OS keychain through Electron safeStorage in the desktop
 * app; in web and CLI modes the file itself is the protection). Listing never unseals; only
 * `signingKey`, which the composer calls, does.
 */
export class DkimKeyStore {
  private constructor(
    readonly folder: string,
    private readonly box: SecretBox,
  ) {}

  static async open(folder: string, box: SecretBox = privateFileBox): Promise<DkimKeyStore> {
    await ensureFolder(folder);
    try {
      // Made by an older build or by hand with a looser mode: the keys are for us alone.
      await chmod(folder, 0o700);
      // A temp file of a write that never finished may hold a sealed key: it goes.
      for (const name of await readdir(folder))
        if (name.startsWith('.') && name.endsWith('.tmp'))
          await unlink(path.join(folder, name)).catch(() => {});
    } catch (error) {
      throw new StoreError(`the folder ${folder} cannot be used (${fsReason(error)})`, error);
    }
    return new DkimKeyStore(folder, box);
  }

  /** Every stored key, oldest first, as the renderer may see it: no private half. */
  async list(): Promise<DkimKeyInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch (error) {
      throw new StoreError(`could not list ${this.folder}: ${fsReason(error)}`, error);
    }
    const records = await Promise.all(
      names
        .filter((n) => n.endsWith(SUFFIX) && ID.test(n.slice(0, -SUFFIX.length)))
        .map((n) => this.record(n.slice(0, -SUFFIX.length))),
    );
    return records
      .filter((r): r is KeyRecord => r !== null)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map(infoOf);
  }

  async get(id: string): Promise<DkimKeyInfo | null> {
    const record = await this.record(id);
    return record && infoOf(record);
  }

  /** A new key made here (RSA 2048 by default), stored before this resolves. */
  async generate(input: {
    domain: string;
    selector: string;
    algorithm?: DkimAlgorithm;
    bits?: number;
  }): Promise<DkimKeyInfo> {
    const names = dkimNames(input.domain, input.selector);
    await this.refuseTaken(names);
    return this.save(names, await generateDkimKey(input.algorithm ?? 'rsa', input.bits ?? 2048));
  }

  /** A key the user has (PEM), checked before it is stored. */
  async import(input: { domain: string; selector: string; pem: string }): Promise<DkimKeyInfo> {
    const names = dkimNames(input.domain, input.selector);
    const pair = describeDkimKey(input.pem.trim());
    await this.refuseTaken(names);
    return this.save(names, pair);
  }

  async delete(id: string): Promise<boolean> {
    if (!ID.test(id)) return false;
    try {
      await unlink(this.file(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new StoreError(`could not delete ${this.file(id)}: ${fsReason(error)}`, error);
    }
    await syncFolder(this.folder).catch(() => {});
    return true;
  }

  /** The key to sign with (unsealed): for the composer only, never for a reply to the renderer. */
  async signingKey(id: string): Promise<DkimSigningKey> {
    const data = await this.read(id);
    if (!data) throw new DkimError(`The DKIM key ${id} is not stored (was it deleted?).`);
    const { record, sealed } = data;
    const opened = unsealFile(this.box, sealed);
    if ('problem' in opened)
      throw new DkimError(
        `The DKIM key for ${record.selector}._domainkey.${record.domain} cannot be used: ${unsealProblemText(opened.problem, 'private key')}.`,
      );
    return { domain: record.domain, selector: record.selector, privateKeyPem: opened.plain };
  }

  /** A bound source for the composer (DkimKeySource). */
  source(): DkimKeySource {
    return (id) => this.signingKey(id);
  }

  private async refuseTaken(names: { domain: string; selector: string }) {
    const taken = (await this.list()).find(
      (k) => k.domain === names.domain && k.selector === names.selector,
    );
    if (taken)
      throw new DkimError(
        `A key for ${taken.txt.name} is already stored (${taken.id}); DNS publishes one key there: delete it first or choose another selector.`,
      );
  }

  private async save(
    names: { domain: string; selector: string },
    pair: DkimKeyPair,
  ): Promise<DkimKeyInfo> {
    const record: KeyRecord = {
      v: 1,
      id: randomBytes(8).toString('hex'),
      ...names,
      algorithm: pair.algorithm,
      bits: pair.bits,
      publicKey: pair.publicKey,
      createdAt: new Date().toISOString(),
      warnings: pair.warnings,
    };
    const head = Buffer.from(`${JSON.stringify(record)}\n`);
    try {
      // Written whole or not at all (a temp sibling, 0600, renamed over).
      await writeFileAtomic(this.file(record.id), [head, sealToFile(this.box, pair.privateKeyPem)]);
    } catch (error) {
      throw new StoreError(`could not store the DKIM key: ${fsReason(error)}`, error);
    }
    return infoOf(record);
  }

  private file(id: string) {
    return path.join(this.folder, `${id}${SUFFIX}`);
  }

  private async record(id: string): Promise<KeyRecord | null> {
    return (await this.read(id))?.record ?? null;
  }

  /** The file's public line and the sealed part after it; null when absent or damaged. */
  private async read(id: string): Promise<{ record: KeyRecord; sealed: Buffer } | null> {
    if (!ID.test(id)) return null;
    let data: Buffer;
    try {
      data = await readFile(this.file(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError(`could not read ${this.file(id)}: ${fsReason(error)}`, error);
    }
    const newline = data.indexOf(10);
    try {
      const record = JSON.parse(data.subarray(0, newline).toString('utf8')) as KeyRecord;
      if (record.v !== 1 || record.id !== id) return null;
      return { record, sealed: data.subarray(newline + 1) };
    } catch {
      return null;
    }
  }
}

function infoOf(record: KeyRecord): DkimKeyInfo {
  return {
    id: record.id,
    domain: record.domain,
    selector: record.selector,
    algorithm: record.algorithm,
    bits: record.bits,
    txt: dkimTxtRecord(record.domain, record.selector, record.algorithm, record.publicKey),
    createdAt: record.createdAt,
    warnings: record.warnings,
  };
}
