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
  const caps: Capabilities = {
    greeting: lines[0] ?? '',
    keywords: [],
    pipelining: false,
    startTls: false,
    eightBitMime: false,
    smtpUtf8: false,
    enhancedStatusCodes: false,
    chunking: false,
    dsn: false,
    requireTls: false,
    size: null,
    auth: [],
  };
  // One pass over the lines: this runs once per session, thousands of times a second in a load run.
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    caps.keywords.push(line);
    const space = line.indexOf(' ');
    const keyword = (space === -1 ? line : line.slice(0, space)).toUpperCase();
    const args = space === -1 ? '' : line.slice(space + 1).trim();
    switch (keyword) {
      case 'PIPELINING':
        caps.pipelining = true;
        break;
      case 'STARTTLS':
        caps.startTls = true;
        break;
      case '8BITMIME':
        caps.eightBitMime = true;
        break;
      case 'SMTPUTF8':
        caps.smtpUtf8 = true;
        break;
      case 'ENHANCEDSTATUSCODES':
        caps.enhancedStatusCodes = true;
        break;
      case 'CHUNKING':
        caps.chunking = true;
        break;
      case 'DSN':
        caps.dsn = true;
        break;
      case 'REQUIRETLS':
        caps.requireTls = true;
        break;
      case 'SIZE':
        caps.size = Number(args.split(/\s+/)[0]) || 0;
        break;
      case 'AUTH':
      case 'AUTH=LOGIN': // old servers announce "AUTH=LOGIN PLAIN"; count it with AUTH
        for (const method of args.split(/\s+/)) {
          const m = method.toUpperCase();
          if (m && !caps.auth.includes(m)) caps.auth.push(m);
        }
        if (keyword === 'AUTH=LOGIN' && !caps.auth.includes('LOGIN')) caps.auth.push('LOGIN');
        break;
    }
  }
  return caps;
}

/** HELO gives us nothing; treat the server as plain RFC 821. */
export function heloCapabilities(greeting: string): Capabilities {
  return { ...parseCapabilities([greeting]) };
}
