/**
 * The client address a receiving server states in its greeting or EHLO reply: "your sending IP
 * as the receiver sees it". No node:net here: shared/ runs in the browser too.
 *
 * The rule, per line of the reply (an "NNN-"/"NNN " prefix is ignored), first hit wins:
 * - a bracketed address ("[203.0.113.5]", "[IPv6:2001:db8::5]", "[2001:db8::5]") that follows
 *   "Hello" with at most three words between (Microsoft "Hello [ip]", Exim "Hello name [ip]",
 *   Exim with ident "Hello user at name [ip]", Sendmail "Hello name [ip], pleased to meet you")
 *   or directly follows "at your service," (Gmail) or "Nice to meet you," (nodemailer's
 *   smtp-server, which ZoneMTA and WildDuck build on, when it found no PTR name);
 * - a bare address as the word right after "ESMTP" (Postfix's
 *   `smtpd_banner = $myhostname ESMTP $client_addr`).
 * Anything else is not taken, however much it looks like an address: "220 host [10.0.0.1]
 * ready" may name the server itself, and "ESMTP Postfix 3.7.2" is a version. Servers that state
 * nothing (Postfix's EHLO, Yahoo's "250-mta6014.mail.gq1.yahoo.com") give null.
 * The address must pass a strict IPv4/IPv6 check; IPv6 comes back lower-case, and an IPv4-mapped
 * one ("::ffff:203.0.113.5", a dual-stack listener's view of an IPv4 client) as the IPv4 address.
 */
export function sendingIpFromReply(text: string): string | null {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\d{3}[- ]?/, '');
    for (const pattern of PATTERNS) {
      const m = pattern.exec(line);
      const address = m?.[1] ? normaliseIp(m[1]) : null;
      if (address) return address;
    }
  }
  return null;
}

const BRACKETED = String.raw`\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]`;
const PATTERNS = [
  new RegExp(String.raw`\bHello\s+(?:[^\s[\]]+\s+){0,3}${BRACKETED}`, 'i'),
  new RegExp(String.raw`\bat your service,?\s*${BRACKETED}`, 'i'),
  new RegExp(String.raw`\bNice to meet you,\s*${BRACKETED}`, 'i'),
  /\bESMTP\s+([0-9A-Fa-f:.]+)(?=[\s,;]|$)/,
];

/** The address in a canonical-enough form, or null when it is not a strict IPv4/IPv6 address. */
export function normaliseIp(candidate: string): string | null {
  if (isIpv4(candidate)) return candidate;
  const groups = ipv6Groups(candidate);
  if (!groups) return null;
  // ::ffff:a.b.c.d (in any spelling): the first 80 bits zero, the next 16 ones.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return candidate.toLowerCase();
}

/** One address in two spellings ("2001:db8::5" and "2001:DB8:0:0:0:0:0:5", "::ffff:1.2.3.4" and "1.2.3.4"). */
export function sameIp(a: string, b: string): boolean {
  const x = normaliseIp(a);
  const y = normaliseIp(b);
  if (!x || !y) return false;
  if (isIpv4(x) || isIpv4(y)) return x === y;
  return ipv6Groups(x)?.join(':') === ipv6Groups(y)?.join(':');
}

/** Four decimal octets 0–255, no leading zeros (0177 is octal to some parsers). */
export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return (
    parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256)
  );
}

export function isIpv6(s: string): boolean {
  return ipv6Groups(s) !== null;
}

/**
 * The eight 16-bit groups of an RFC 4291 text form (one "::" at most, an optional IPv4 tail,
 * no zone index), or null when it is not one.
 */
function ipv6Groups(s: string): number[] | null {
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const split = (h: string | undefined) => (h ? h.split(':') : []);
  const left = split(halves[0]);
  const right = halves.length === 2 ? split(halves[1]) : [];
  const words = (list: string[], tailAllowed: boolean): number[] | null => {
    const out: number[] = [];
    for (const [i, g] of list.entries()) {
      if (tailAllowed && i === list.length - 1 && g.includes('.')) {
        if (!isIpv4(g)) return null;
        const [a = 0, b = 0, c = 0, d = 0] = g.split('.').map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) out.push(Number.parseInt(g, 16));
      else return null;
    }
    return out;
  };
  const compressed = halves.length === 2;
  const head = words(left, !compressed);
  const tail = words(right, true);
  if (!head || !tail) return null;
  const width = head.length + tail.length;
  if (compressed ? width > 7 : width !== 8) return null;
  return [...head, ...Array(8 - width).fill(0), ...tail];
}
