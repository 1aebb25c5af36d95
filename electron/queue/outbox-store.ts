import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SendRequest } from '../../shared/send';
import type { TranscriptLine } from '../../shared/smtp';
import type { MessageIdentity } from '../delivery/prepare-send';
import { writeFileAtomic } from '../store/atomic-file';
import { Journal } from '../store/journal';
import type { Delivery } from './delivery-state';

export interface StoredMessage {
  messageId: string;
  request: SendRequest;
  /** A large message's bytes live in this file under messages/. */
  file: string | null;
  /** A small message's bytes, inline (base64): one journal line, no file to fsync. */
  inline: string | null;
  /** The Date the message was composed with (ISO), kept for composing it later. */
  date: string;
  /** False until the first attempt composed it; then its bytes never change. */
  composed: boolean;
}

/** Messages up to this size are kept inside the journal record. */
const INLINE_MAX_BYTES = 64 * 1024;

/** Compact once the journal passes this size. */
const COMPACT_AT_BYTES = 8 * 1024 * 1024;

/**
 * The outbox on disk: message and delivery records in a journal (journal.ts explains why a
 * journal), small messages inline, large ones as files written atomically before anything
 * refers to them.
 * What was acknowledged survives kill -9 at any instant.
 */
export class OutboxStore {
  private compacting: Promise<void> | null = null;

  private constructor(
    private readonly dir: string,
    private readonly journal: Journal,
  ) {}

  static async open(dir: string): Promise<OutboxStore> {
    await mkdir(path.join(dir, 'messages'), { recursive: true });
    await mkdir(path.join(dir, 'transcripts'), { recursive: true });
    return new OutboxStore(dir, await Journal.open(dir));
  }

  async saveMessage(
    request: SendRequest,
    identity: MessageIdentity,
    bytes: Buffer | null,
    composed = false,
  ): Promise<void> {
    const { messageId } = identity;
    let file: string | null = null;
    let inline: string | null = null;
    if (bytes && bytes.length <= INLINE_MAX_BYTES) inline = bytes.toString('base64');
    else if (bytes) {
      file = `${createHash('sha256').update(messageId).digest('hex').slice(0, 32)}.eml`;
      await writeFileAtomic(path.join(this.dir, 'messages', file), bytes);
    }
    const record: StoredMessage = {
      messageId,
      request,
      file,
      inline,
      date: identity.date.toISOString(),
      composed,
    };
    await this.journal.put(`message:${messageId}`, record);
  }

  async saveDelivery(delivery: Delivery): Promise<void> {
    await this.journal.put(`delivery:${delivery.id}`, delivery);
    if (this.journal.journalBytes > COMPACT_AT_BYTES && !this.compacting) {
      // A compaction that fails (a full disk) loses nothing: the journal still holds every
      // record, and the next save past the mark tries again.
      this.compacting = this.journal
        .compact()
        .catch(() => {})
        .finally(() => {
          this.compacting = null;
        });
    }
  }

  /** Does the disk take a write again? One small record that changes nothing. */
  checkWritable(): Promise<void> {
    return this.journal.put('probe:writable', null);
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
    if (stored.inline !== null) return Buffer.from(stored.inline, 'base64');
    return stored.file ? readFile(path.join(this.dir, 'messages', stored.file)) : null;
  }

  /** Bytes on disk: journal, snapshot and message files. */
  async sizeOnDisk(): Promise<number> {
    const { readdir, stat } = await import('node:fs/promises');
    let total = 0;
    for (const folder of [this.dir, path.join(this.dir, 'messages')]) {
      for (const name of await readdir(folder)) {
        const info = await stat(path.join(folder, name));
        if (info.isFile()) total += info.size;
      }
    }
    return total;
  }

  /**
   * Transcripts are history, not state: appended to one file per delivery, outside the journal,
   * so thousands of waiting deliveries cost neither memory nor snapshot size. Not fsynced: a
   * crash may lose the last lines of a transcript, never a message or its state.
   */
  async appendTranscript(deliveryId: string, lines: TranscriptLine[]): Promise<void> {
    if (lines.length === 0) return;
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    await appendFile(
      path.join(this.dir, 'transcripts', `${safeName(deliveryId)}.jsonl`),
      `${text}\n`,
    );
  }

  async transcript(deliveryId: string): Promise<TranscriptLine[]> {
    const text = await readFile(
      path.join(this.dir, 'transcripts', `${safeName(deliveryId)}.jsonl`),
      'utf8',
    ).catch(() => '');
    const lines: TranscriptLine[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        lines.push(JSON.parse(line) as TranscriptLine);
      } catch {
        break; // a torn last line after a crash
      }
    }
    return lines;
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}

/** Delivery ids are UUIDs; anything else never reaches the file system as a path. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9-]/g, '_');
}
