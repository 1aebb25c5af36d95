import { simpleParser } from 'mailparser';
import type { InboxStore } from './inbox-store';

/** Where a window loads an inbox message's HTML: its own document, with its own policy. */
export const INBOX_HTML = /^\/sandbox-inbox\/([0-9a-z]{9}-[0-9a-f]{6})\.html$/;

/**
 * Mail HTML needs inline styles, which the app's policy forbids (and a srcdoc frame inherits).
 * So it is served as a document of its own: styles allowed, images only from the message itself
 * (cid: parts become data: URLs; remote images stay blocked, as mail clients do), no script,
 * framed only by the app. The window frames it sandboxed as well.
 */
export const INBOX_HTML_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox",
  'X-DNS-Prefetch-Control': 'off',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** The HTML of inbox message `path` names, or null when the path is not one or it has none. */
export async function inboxHtml(inbox: InboxStore, path: string): Promise<string | null> {
  const id = INBOX_HTML.exec(path)?.[1];
  const raw = id ? await inbox.raw(id) : null;
  if (!raw) return null;
  const parsed = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  if (!parsed.html) return null;
  const byCid = new Map(
    parsed.attachments
      .filter((a) => a.cid)
      .map((a) => [
        a.cid as string,
        `data:${a.contentType};base64,${a.content.toString('base64')}`,
      ]),
  );
  return parsed.html.replace(/cid:([^"'\s)>]+)/gi, (whole, cid: string) => byCid.get(cid) ?? whole);
}
