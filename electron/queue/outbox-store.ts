import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SendRequest } from '../../shared/send';
import { writeFileAtomic } from '../store/atomic-file';
import { Journal } from '../store/journal';
import type { Delivery } from './delivery-state';

export interface StoredMessage {
  messageId: string;
  request: SendRequest;
  /** File under messages/ holding the exact bytes, or null when the send stops before DATA. */
  file: string | null;
}

/** Compact once the journal passes this size. */
const COMPACT_AT_BYTES = 8 * 1024 * 1024;

/**
 * The outbox on disk: message bytes as files (written atomically before anything refers to
 * them), and message and delivery records in a journal (journal.ts explains why a journal).
 * What was acknowledged survives kill -9 at any instant.
 */
export class OutboxStore {
  private constructor(
    private readonly dir: string,
    private readonly journal: Journal,
  ) {}

  static async open(dir: string): Promise<OutboxStore> {
    await mkdir(path.join(dir, 'messages'), { recursive: true });
    return new OutboxStore(dir, await Journal.open(dir));
  }

  async saveMessage(request: SendRequest, messageId: string, bytes: Buffer | null): Promise<void> {
    let file: string | null = null;
    if (bytes) {
      file = `${createHash('sha256').update(messageId).digest('hex').slice(0, 32)}.eml`;
      await writeFileAtomic(path.join(this.dir, 'messages', file), bytes);
    }
    await this.journal.put(`message:${messageId}`, {
      messageId,
      request,
      file,
    } satisfies StoredMessage);
  }

  async saveDelivery(delivery: Delivery): Promise<void> {
    await this.journal.put(`delivery:${delivery.id}`, delivery);
    if (this.journal.journalBytes > COMPACT_AT_BYTES) await this.journal.compact();
  }

  deliveries(): Delivery[] {
    return [...this.journal.records.entries()]
      .filter(([k]) => k.startsWith('delivery:'))
      .map(([, v]) => v as Delivery);
  }

  message(messageId: string): StoredMessage | undefined {
    return this.journal.get(`message:${messageId}`) as StoredMessage | undefined;
  }

  async messageBytes(stored: StoredMessage): Promise<Buffer | null> {
    return stored.file ? readFile(path.join(this.dir, 'messages', stored.file)) : null;
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
