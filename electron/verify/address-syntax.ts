import { domainToASCII } from 'node:url';
import { controlCharacterIn } from '../../shared/control-chars';

export type SyntaxResult =
  | {
      ok: true;
      /** Local part as given, domain in ASCII (IDN → punycode): what RCPT TO carries. */
      address: string;
      local: string;
      domain: string;
      /** A non-ASCII local part: only a server offering SMTPUTF8 can take it. */
      needsSmtpUtf8: boolean;
    }
  | { ok: false; reason: string };

const atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const dotAtom = new RegExp(`^${atext}+(?:\\.${atext}+)*$`);
const quoted = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;
// RFC 6531: any UTF-8 beyond ASCII is allowed in atext.
const utf8DotAtom =
  /^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]|\P{ASCII})+(?:\.(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]|\P{ASCII})+)*$/u;
const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * An RFC 5321 mailbox (Mailbox = Local-part "@" Domain): a dot-atom or quoted local part of at
 * most 64 octets, a domain of at most 255 octets in labels of at most 63. IDN domains become
 * punycode; a non-ASCII local part is allowed (RFC 6531) but needs SMTPUTF8.
 */
export function checkAddress(input: string): SyntaxResult {
  const text = input.trim();
  const control = controlCharacterIn(text);
  if (control) return { ok: false, reason: `it contains ${control}` };
  const at = text.lastIndexOf('@');
  if (at < 1) return { ok: false, reason: 'has no local part and domain (name@example.com)' };
  const local = text.slice(0, at);
  const rawDomain = text.slice(at + 1).replace(/\.$/, '');
  if (Buffer.byteLength(local) > 64)
    return { ok: false, reason: 'the local part is longer than 64 octets' };
  const ascii = /^\p{ASCII}*$/u.test(local);
  if (!(dotAtom.test(local) || quoted.test(local) || (!ascii && utf8DotAtom.test(local))))
    return { ok: false, reason: `"${local}" is not a valid local part` };
  if (rawDomain.startsWith('['))
    return { ok: false, reason: 'address literals ([192.0.2.1]) cannot be verified' };
  const domain = domainToASCII(rawDomain.toLowerCase());
  if (!domain) return { ok: false, reason: `"${rawDomain}" is not a valid domain` };
  if (domain.length > 255) return { ok: false, reason: 'the domain is longer than 255 octets' };
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => label.test(l)))
    return { ok: false, reason: `"${rawDomain}" is not a valid domain` };
  return { ok: true, address: `${local}@${domain}`, local, domain, needsSmtpUtf8: !ascii };
}

/** Role accounts reach a team or a robot, not a person: a 250 says little about who reads it. */
const ROLES = new Set([
  'abuse',
  'admin',
  'administrator',
  'billing',
  'contact',
  'help',
  'helpdesk',
  'hostmaster',
  'info',
  'inquiries',
  'jobs',
  'mail',
  'mailer-daemon',
  'marketing',
  'media',
  'news',
  'no-reply',
  'noc',
  'noreply',
  'office',
  'postmaster',
  'privacy',
  'root',
  'sales',
  'security',
  'service',
  'support',
  'team',
  'webmaster',
  'www',
]);

export function isRoleAccount(local: string): boolean {
  return ROLES.has(local.toLowerCase().replace(/\+.*$/, ''));
}
