import { createHash } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { SendRequest } from '../../shared/send';
import type { TranscriptLine } from '../../shared/smtp';
import type { MessageIdentity } from '../delivery/prepare-send';
import { ensureFolder } from '../store/atomic-file';
import { Journal } from '../store/journal';
import { privateFileBox, type SecretBox } from '../store/secret-box';
import { fsReason, StoreError } from '../store/store-error';
import { WriteOnceFolder } from '../store/write-once';
import type { Delivery } from './delivery-state';
import { RelaySecrets } from './relay-secrets';

/**
 * A message's record in the journal. Its body and attachments live in files under messages/
 * (the request as JSON, then the composed bytes), each written once and fsynced before this
 * record names it; only a small request without attachments is kept inline (INLINE_MAX_BYTES).
 */
export interface StoredMessage {
  messageId: string;
  /** The Date the message was composed with (ISO), kept for composing it later. */
  date: string;
  /** False until the first attempt composed it; then its bytes never change. */
  composed: boolean;
  /** messages/NAME.request.json: the SendRequest, attachments and all. */
  requestFile?: string;
  /** messages/NAME.eml: the composed bytes, once composed. */
  file: string | null;
  /** Bytes of the message's files. */
  bytes?: number;
  /** A small request without attachments, inline (and any request, in older records). */
  request?: SendRequest;
  /** Records from before bodies left the journal: small composed bytes (base64), inline. */
  inline?: string | null;
  /** secrets/NAME.secret: the relay password, which the stored request holds empty. */
  secretFile?: string | null;
  /** Written since passwords left requests: its request file holds none (see open). */
  passwordApart?: true;
}

/**
 * A request this small, without attachments, stays inside its journal record: a file of its
 * own costs a file and two fsyncs at enqueue, which made enqueueing 10,000 small messages take
 * 4.6 s instead of 1.0 s (bench/README.md). The cap keeps the journal and the memory it takes
 * bounded: at most this much per message, and pruning bounds the messages. The composed
 * bytes are always a file.
 */
const INLINE_MAX_BYTES = 4096;

/**
 * A message's body cannot be read (a file missing, damaged, EIO): that message's business,
 * not a reason to stop the outbox as a full disk is.
 */
export class MessageReadError extends StoreError {
  constructor(message: string, cause?: unknown) {
    super(message, cause);
    this.name = 'MessageReadError';
  }
}

/** Compact once the journal passes this size. */
const COMPACT_AT_BYTES = 8 * 1024 * 1024;

const MESSAGES = 'messages';
const TRANSCRIPTS = 'transcripts';
const SECRETS = 'secrets';

/**
 * The outbox on disk: message and delivery records in a journal (journal.ts explains why a
 * journal); each message's body in files of its own (write-once.ts), written and fsynced
 * before any record names them, unless it is small enough to ride in its record; transcripts appended per delivery. Files no record names —
 * left by a crash between a file and its record, or by a prune cut short — are removed at
 * open. What was acknowledged survives kill -9 at any instant.
 */
export class OutboxStore {
  private compacting: Promise<void> | null = null;
  private readonly messages: WriteOnceFolder;
  /** Bytes of each delivery's transcript file, known once `usage()` has looked. */
  private transcriptBytes = new Map<string, number>();

  private readonly secrets: RelaySecrets;

  private constructor(
    private readonly dir: string,
    private readonly journal: Journal,
    box: SecretBox,
  ) {
    this.messages = new WriteOnceFolder(path.join(dir, MESSAGES));
    this.secrets = new RelaySecrets(path.join(dir, SECRETS), box);
  }

  /** `box` seals relay passwords: the OS's protection in the desktop app (secret-box.ts). */
  static async open(dir: string, box: SecretBox = privateFileBox): Promise<OutboxStore> {
    for (const folder of [MESSAGES, TRANSCRIPTS, SECRETS])
      await ensureFolder(path.join(dir, folder));
    const store = new OutboxStore(dir, await Journal.open(dir), box);
    await store.movePasswordsApart();
    await store.removeUnreferenced();
    return store;
  }

  /**
   * At enqueue: the relay password (if any) in a sealed file of its own, the request without
   * it in a file of its own (or inline when small), then the record that names both.
   */
  async saveMessage(given: SendRequest, identity: MessageIdentity): Promise<void> {
    const { messageId } = identity;
    const { request, pass } = withoutPassword(given);
    const json = JSON.stringify(request);
    const record: StoredMessage = {
      messageId,
      date: identity.date.toISOString(),
      composed: false,
      file: null,
      bytes: 0,
      passwordApart: true,
    };
    if (pass) record.secretFile = await this.secrets.save(fileStem(messageId), pass);
    if (request.message.attachments.length === 0 && Buffer.byteLength(json) <= INLINE_MAX_BYTES)
      record.request = request;
    else {
      record.requestFile = `${fileStem(messageId)}.request.json`;
      record.bytes = Buffer.byteLength(json);
      await this.messages.write(record.requestFile, json);
    }
    await this.journal.put(`message:${messageId}`, record);
  }

  /** On the first attempt: the composed bytes, exactly as they will be sent every time. */
  async saveComposed(messageId: string, bytes: Buffer | null): Promise<void> {
    const stored = this.message(messageId);
    if (!stored) throw new MessageReadError(`message ${messageId} is not in the outbox`);
    const record: StoredMessage = { ...stored, composed: true, file: null, inline: null };
    // Always a file, whatever its size: composing happens once per message, off the enqueue
    // path, and the bytes then cost no memory between attempts.
    if (bytes) {
      record.file = `${fileStem(messageId)}.eml`;
      record.bytes = (stored.bytes ?? 0) + bytes.length;
      await this.messages.write(record.file, bytes);
    }
    try {
      await this.journal.put(`message:${messageId}`, record);
    } catch (error) {
      // Not on disk, so not so in memory either: the next attempt composes again.
      if (this.message(messageId) === record)
        this.journal.records.set(`message:${messageId}`, stored);
      throw error;
    }
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

  /** Every delivery as stored: the outbox's own objects, not copies (bench/README.md, outbox-load). */
  deliveries(): Delivery[] {
    return [...this.journal.records.entries()]
      .filter(([k]) => k.startsWith('delivery:'))
      .map(([, v]) => v as Delivery);
  }

  message(messageId: string): StoredMessage | undefined {
    return this.journal.get(`message:${messageId}`) as StoredMessage | undefined;
  }

  /**
   * The request as given at enqueue, its relay password put back from its sealed file; with
   * `password: false`, as it is stored (an empty password), for whatever only shows it.
   */
  async request(stored: StoredMessage, { password = true } = {}): Promise<SendRequest> {
    const request = stored.request ?? (await this.requestFromFile(stored));
    const auth = request.session.auth;
    if (!password || !stored.secretFile || !auth) return request;
    const secret = await this.secrets.read(stored.secretFile);
    if ('problem' in secret)
      throw new MessageReadError(
        `message ${stored.messageId} cannot be sent again: ${secret.problem}. Send it again with the password.`,
      );
    return { ...request, session: { ...request.session, auth: { ...auth, pass: secret.pass } } };
  }

  private async requestFromFile(stored: StoredMessage): Promise<SendRequest> {
    const file = path.join(this.dir, MESSAGES, stored.requestFile ?? '');
    try {
      return JSON.parse(await readFile(file, 'utf8')) as SendRequest;
    } catch (error) {
      throw new MessageReadError(
        `message ${stored.messageId} cannot be read from ${file} (${fsReason(error)})`,
        error,
      );
    }
  }

  /**
   * Once no delivery of a message will be tried again, its relay password is of no more use:
   * the record stops naming it, then the file goes.
   */
  async dropSecret(messageId: string): Promise<void> {
    const stored = this.message(messageId);
    if (!stored?.secretFile) return;
    await this.journal.put(`message:${messageId}`, { ...stored, secretFile: null });
    await this.secrets.remove(stored.secretFile);
  }

  async messageBytes(stored: StoredMessage): Promise<Buffer | null> {
    if (stored.inline) return Buffer.from(stored.inline, 'base64');
    if (!stored.file) return null;
    const file = path.join(this.dir, MESSAGES, stored.file);
    return readFile(file).catch((error) => {
      throw new MessageReadError(
        `message ${stored.messageId} cannot be read from ${file} (${fsReason(error)})`,
        error,
      );
    });
  }

  /**
   * Records written before passwords had files of their own kept them in the request, inline
   * or in its file: each moves to a sealed file, a request file is written again without it,
   * and the journal is compacted so no line on disk still holds one.
   */
  private async movePasswordsApart(): Promise<void> {
    let moved = 0;
    for (const [key, value] of this.journal.records) {
      const stored = value as StoredMessage;
      if (!key.startsWith('message:') || stored.passwordApart) continue;
      // An unreadable request file is its delivery's trouble at its next attempt, not the open's.
      const given =
        stored.request ??
        (stored.requestFile ? await this.requestFromFile(stored).catch(() => null) : null);
      const { request, pass } = given ? withoutPassword(given) : { request: null, pass: null };
      if (!request || !pass) continue;
      const stem = fileStem(stored.messageId);
      const record: StoredMessage = { ...stored, passwordApart: true };
      record.secretFile = await this.secrets.save(stem, pass);
      if (stored.request) record.request = request;
      else {
        record.requestFile = `${stem}.apart.request.json`;
        await this.messages.write(record.requestFile, JSON.stringify(request));
      }
      await this.journal.put(key, record);
      if (stored.requestFile && stored.requestFile !== record.requestFile)
        await unlink(path.join(this.dir, MESSAGES, stored.requestFile)).catch(() => {});
      moved++;
    }
    if (moved > 0) await this.journal.compact();
  }

  /**
   * Prune: the records go first (one fsync), then the files. A crash in between leaves files
   * no record names, which the next open removes.
   */
  async forget(messageId: string, deliveryIds: string[]): Promise<void> {
    const stored = this.message(messageId);
    await Promise.all([
      ...deliveryIds.map((id) => this.journal.put(`delivery:${id}`, null)),
      this.journal.put(`message:${messageId}`, null),
    ]);
    const files = [stored?.requestFile, stored?.file].filter((f): f is string => !!f);
    for (const f of files) await unlink(path.join(this.dir, MESSAGES, f)).catch(() => {});
    if (stored?.secretFile) await this.secrets.remove(stored.secretFile);
    for (const id of deliveryIds) {
      this.transcriptBytes.delete(id);
      await unlink(this.transcriptFile(id)).catch(() => {});
    }
  }

  /** Bytes a finished message keeps on disk: its files and its deliveries' transcripts. */
  async usage(messageId: string, deliveryIds: string[]): Promise<number> {
    let total = this.message(messageId)?.bytes ?? 0;
    for (const id of deliveryIds) {
      let size = this.transcriptBytes.get(id);
      if (size === undefined) {
        size = (await stat(this.transcriptFile(id)).catch(() => null))?.size ?? 0;
        this.transcriptBytes.set(id, size);
      }
      total += size;
    }
    return total;
  }

  /** Bytes on disk: journal, snapshot, message files and transcripts. */
  async sizeOnDisk(): Promise<number> {
    let total = 0;
    for (const folder of [
      this.dir,
      path.join(this.dir, MESSAGES),
      path.join(this.dir, TRANSCRIPTS),
    ]) {
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
    const text = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
    await appendFile(this.transcriptFile(deliveryId), text, { mode: 0o600 });
    const known = this.transcriptBytes.get(deliveryId);
    if (known !== undefined) this.transcriptBytes.set(deliveryId, known + Buffer.byteLength(text));
  }

  async transcript(deliveryId: string): Promise<TranscriptLine[]> {
    const text = await readFile(this.transcriptFile(deliveryId), 'utf8').catch(() => '');
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

  private transcriptFile(deliveryId: string): string {
    return path.join(this.dir, TRANSCRIPTS, `${safeName(deliveryId)}.jsonl`);
  }

  /**
   * Files no record names. Normally leftovers of a crash, removed; but when the journal was
   * found damaged their records may be the damaged lines, so they are kept aside instead.
   */
  private async removeUnreferenced(): Promise<void> {
    const named = new Set<string>();
    for (const [key, value] of this.journal.records) {
      if (key.startsWith('message:')) {
        const m = value as StoredMessage;
        if (m.requestFile) named.add(`${MESSAGES}/${m.requestFile}`);
        if (m.file) named.add(`${MESSAGES}/${m.file}`);
        if (m.secretFile) named.add(`${SECRETS}/${m.secretFile}`);
      } else if (key.startsWith('delivery:'))
        named.add(`${TRANSCRIPTS}/${safeName((value as Delivery).id)}.jsonl`);
    }
    const aside = path.join(this.dir, 'damaged', 'unreferenced');
    for (const folder of [MESSAGES, TRANSCRIPTS, SECRETS]) {
      for (const name of await readdir(path.join(this.dir, folder))) {
        const relative = `${folder}/${name}`;
        if (named.has(relative)) continue;
        const file = path.join(this.dir, folder, name);
        if (this.journal.foundDamage) {
          await mkdir(aside, { recursive: true });
          await rename(file, path.join(aside, name)).catch(() => {});
        } else await unlink(file).catch(() => {});
      }
    }
  }
}

/** The request with an empty password, and the password. */
function withoutPassword(request: SendRequest): { request: SendRequest; pass: string | null } {
  const auth = request.session.auth;
  if (!auth?.pass) return { request, pass: null };
  return {
    request: { ...request, session: { ...request.session, auth: { ...auth, pass: '' } } },
    pass: auth.pass,
  };
}

/** A message's files are named by a hash of its Message-ID: safe on every file system. */
function fileStem(messageId: string): string {
  return createHash('sha256').update(messageId).digest('hex').slice(0, 32);
}

/** Delivery ids are UUIDs; anything else never reaches the file system as a path. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9-]/g, '_');
}
