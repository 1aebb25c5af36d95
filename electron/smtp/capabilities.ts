/** What a server offers in its EHLO reply (RFC 5321 §4.1.1.1 and the extensions we use). */
export interface Capabilities {
  /** The EHLO reply's first line: the server's name and greeting text. */
  greeting: string;
  keywords: string[];
  pipelining: boolean;
  startTls: boolean;
  eightBitMime: boolean;
  smtpUtf8: boolean;
  enhancedStatusCodes: boolean;
  chunking: boolean;
  dsn: boolean;
  requireTls: boolean;
  /** SIZE limit in bytes; 0 when offered without a limit; null when not offered. */
  size: number | null;
  auth: string[];
}

export function parseCapabilities(lines: string[]): Capabilities {
  const [greeting = '', ...rest] = lines;
  const entries = rest.map((line) => line.trim().split(/\s+/)).filter((parts) => parts[0]);
  const find = (keyword: string) => entries.find((parts) => parts[0]?.toUpperCase() === keyword);
  const has = (keyword: string) => find(keyword) !== undefined;
  const size = find('SIZE');
  // Some old servers still announce AUTH=LOGIN PLAIN; count it with AUTH.
  const auth = [...(find('AUTH')?.slice(1) ?? []), ...(find('AUTH=LOGIN')?.slice(1) ?? [])];
  return {
    greeting,
    keywords: entries.map((parts) => parts.join(' ')),
    pipelining: has('PIPELINING'),
    startTls: has('STARTTLS'),
    eightBitMime: has('8BITMIME'),
    smtpUtf8: has('SMTPUTF8'),
    enhancedStatusCodes: has('ENHANCEDSTATUSCODES'),
    chunking: has('CHUNKING'),
    dsn: has('DSN'),
    requireTls: has('REQUIRETLS'),
    size: size ? Number(size[1] ?? 0) || 0 : null,
    auth: [...new Set(auth.map((m) => m.toUpperCase()))],
  };
}

/** HELO gives us nothing; treat the server as plain RFC 821. */
export function heloCapabilities(greeting: string): Capabilities {
  return { ...parseCapabilities([greeting]) };
}
