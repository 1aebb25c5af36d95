import type { InboxSummary } from '../../../shared/sandbox';
import { base64Bytes } from '../ui/download';

/** The messages seen live and the last listing, one entry per id, newest first. */
export function mergeMessages(live: InboxSummary[], listed: InboxSummary[]): InboxSummary[] {
  const byId = new Map<string, InboxSummary>();
  for (const m of [...live, ...listed]) if (!byId.has(m.id)) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/** Where Up/Down/Home/End lands; from no selection, Down goes to the first message. */
export function moveSelection(
  messages: InboxSummary[],
  selected: string | null,
  key: 'ArrowUp' | 'ArrowDown' | 'Home' | 'End',
): string | null {
  if (messages.length === 0) return null;
  const last = messages.length - 1;
  const at = messages.findIndex((m) => m.id === selected);
  const index =
    key === 'Home'
      ? 0
      : key === 'End'
        ? last
        : at < 0
          ? 0
          : Math.min(last, Math.max(0, at + (key === 'ArrowDown' ? 1 : -1)));
  return messages[index]?.id ?? null;
}

/** After deleting `id`: the message below it, else the one above, else nothing. */
export function afterDelete(messages: InboxSummary[], id: string): string | null {
  const at = messages.findIndex((m) => m.id === id);
  if (at < 0) return null;
  return messages[at + 1]?.id ?? messages[at - 1]?.id ?? null;
}

/** Base64 → bytes: the same decoding as downloads use. */
export const decodeBase64 = base64Bytes;

/** Raw source for a <pre>: big messages are cut so the page stays responsive. */
export function rawPreview(bytes: Uint8Array, limit = 512 * 1024): { text: string; cut: boolean } {
  const cut = bytes.length > limit;
  return { text: new TextDecoder().decode(cut ? bytes.subarray(0, limit) : bytes), cut };
}

/** "hello-world-1a2b3c.eml": readable, safe on every file system. */
export function emlFileName(message: Pick<InboxSummary, 'id' | 'subject'>): string {
  const slug = message.subject
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'message'}-${message.id}.eml`;
}

/** "ok" for ok.sandbox.test: the badge is short, the title says it all. */
export function scenarioLabel(domain: string): string {
  return domain.replace(/\.sandbox\.test$/, '');
}
