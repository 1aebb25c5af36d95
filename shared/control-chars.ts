const NAMES: Record<number, string> = {
  0: 'a NUL',
  9: 'a tab',
  10: 'a line feed',
  13: 'a carriage return',
  27: 'an escape',
  127: 'a DEL',
};

/**
 * The first control character (C0 or DEL) in `text`, said in words with where it is; null when
 * there is none. Such a character is refused, never stripped: IDNA and URL parsing drop tabs and
 * newlines silently, which turned "exa\tmple.com" into a real domain.
 */
export function controlCharacterIn(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) {
      const name =
        NAMES[code] ?? `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
      return `${name} at character ${i + 1}`;
    }
  }
  return null;
}
