import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { type InboxMessage, InboxSummary } from '../../shared/sandbox';
import { writeFileAtomic } from '../store/atomic-file';
import { inboxHeader } from './inbox-headers';
import type { ReceivedMessage } from './scenario-server';

/** The inbox keeps this many messages; older ones go first (Mailpit keeps 500). */
export const MAX_INBOX_MESSAGES = 1000;

const ID = /^[0-9a-z]{9}-[0-9a-f]{6}$/;

/** Time-ordered, so a folder listing sorts oldest first. */
function newId(now: number): string {
  return `${now.toString(36).padStart(9, '0')}-${randomBytes(3).toString('hex')}`;
}

/** The header block only: enough for From and Subject without parsing a big body. */
function headerBlock(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  return end < 0 ? raw : raw.subarray(0, end + 4);
}

/**
 * What the sandbox's servers accepted, on disk: `<id>.eml` holds the exact bytes received and
 * `<id>.json` the envelope; the JSON is written last, so a message is listed only once whole.
 * Several processes may add to one folder (the app and `mxray send --sandbox`): a listing
 * reads the folder again and picks up what others wrote.
 */
export class InboxStore {
  private readonly summaries = new Map<string, InboxSummary>();
  private readonly listeners = new Set<(summary: InboxSummary) => void>();

  private constructor(
    readonly folder: string,
    private readonly max: number,
  ) {}

  static async open(folder: string, max = MAX_INBOX_MESSAGES): Promise<InboxStore> {
    await mkdir(folder, { recursive: true });
    const store = new InboxStore(folder, max);
    await store.rescan();
    return store;
  }

  onReceived(listener: (summary: InboxSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async add(message: ReceivedMessage, now = Date.now()): Promise<InboxSummary> {
    const id = newId(now);
    const head = await simpleParser(headerBlock(message.raw), { skipTextToHtml: true });
    const summary: InboxSummary = {
      id,
      receivedAt: new Date(now).toISOString(),
      scenario: message.scenario,
      host: message.host,
      mailFrom: message.mailFrom,
      rcptTo: message.rcptTo,
      from: head.from?.text ?? '',
      subject: head.subject ?? '',
      size: message.raw.length,
      unacknowledged: message.unacknowledged,
      client: message.client,
    };
    await writeFileAtomic(this.file(id, 'eml'), message.raw);
    await writeFileAtomic(this.file(id, 'json'), JSON.stringify(summary));
    this.summaries.set(id, summary);
    for (const listener of this.listeners) listener(summary);
    await this.trim();
    return summary;
  }

  /** Newest first. */
  async list(): Promise<InboxSummary[]> {
    await this.rescan();
    return [...this.summaries.values()].sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  get count(): number {
    return this.summaries.size;
  }

  async raw(id: string): Promise<Buffer | null> {
    if (!ID.test(id)) return null;
    return readFile(this.file(id, 'eml')).catch(() => null);
  }

  /** The envelope and what the server saw of its client, without reading the message. */
  async summary(id: string): Promise<InboxSummary | null> {
    await this.rescan();
    return this.summaries.get(id) ?? null;
  }

  async get(id: string): Promise<InboxMessage | null> {
    await this.rescan();
    const summary = this.summaries.get(id);
    const raw = summary ? await this.raw(id) : null;
    if (!summary || !raw) return null;
    const parsed = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
    return {
      ...summary,
      headers: parsed.headerLines.map(({ line }) => inboxHeader(line)),
      text: parsed.text ?? null,
      html: parsed.html === false ? null : (parsed.html ?? null),
      attachments: parsed.attachments.map((a) => ({
        filename: a.filename ?? null,
        contentType: a.contentType,
        size: a.size,
        base64: a.content.toString('base64'),
      })),
      rawBase64: raw.toString('base64'),
    };
  }

  async delete(id: string): Promise<boolean> {
    if (!this.summaries.has(id)) return false;
    await unlink(this.file(id, 'json')).catch(() => {});
    await unlink(this.file(id, 'eml')).catch(() => {});
    this.summaries.delete(id);
    return true;
  }

  async clear(): Promise<number> {
    await this.rescan();
    const ids = [...this.summaries.keys()];
    for (const id of ids) await this.delete(id);
    return ids.length;
  }

  private file(id: string, ext: 'eml' | 'json') {
    return path.join(this.folder, `${id}.${ext}`);
  }

  private async rescan() {
    const names = await readdir(this.folder);
    const present = new Set(
      names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)),
    );
    for (const id of this.summaries.keys()) if (!present.has(id)) this.summaries.delete(id);
    for (const id of present) {
      if (this.summaries.has(id) || !ID.test(id)) continue;
      try {
        const parsed = InboxSummary.safeParse(
          JSON.parse(await readFile(this.file(id, 'json'), 'utf8')),
        );
        if (parsed.success) this.summaries.set(id, parsed.data);
      } catch {
        // Deleted by another process between the listing and the read, or not ours: skip it.
      }
    }
  }

  private async trim() {
    const extra = this.summaries.size - this.max;
    if (extra <= 0) return;
    const oldest = [...this.summaries.keys()].sort().slice(0, extra);
    for (const id of oldest) await this.delete(id);
  }
}
