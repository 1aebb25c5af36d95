import libmime from 'libmime';

const encodedWord = /=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=/;

/**
 * One header line as the inbox shows it: folding undone, and beside the value as received its
 * RFC 2047 encoded words decoded ("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=" → "Grüße"), when it has any.
 */
export function inboxHeader(line: string): { name: string; value: string; decoded?: string } {
  const colon = line.indexOf(':');
  const name = line.slice(0, colon).trim();
  const value = line
    .slice(colon + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
  if (!encodedWord.test(value)) return { name, value };
  const decoded = libmime.decodeWords(value);
  return decoded === value ? { name, value } : { name, value, decoded };
}
