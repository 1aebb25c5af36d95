import type { Phase } from '../../shared/smtp';

/** One command line to write (with its CRLF), and what the transcript shows (secrets hidden). */
export interface Command {
  phase: Phase;
  line: string;
  display: string;
}

export class CommandArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandArgumentError';
  }
}

const forbidden = /[\r\n\0]/;

/** Nothing with CR, LF or NUL ever reaches the wire: that is how command injection starts. */
export function assertSafeArgument(what: string, value: string): void {
  if (forbidden.test(value)) {
    const which = value.includes('\0') ? 'a NUL byte' : 'a line break';
    throw new CommandArgumentError(`${what} contains ${which}; refusing to send it.`);
  }
}

function command(phase: Phase, text: string, display = text): Command {
  return { phase, line: `${text}\r\n`, display };
}

export function ehlo(name: string): Command {
  assertSafeArgument('The HELO name', name);
  return command('ehlo', `EHLO ${name}`);
}

export function helo(name: string): Command {
  assertSafeArgument('The HELO name', name);
  return command('helo', `HELO ${name}`);
}

export const starttls = () => command('starttls', 'STARTTLS');
export const data = () => command('data', 'DATA');
export const rset = () => command('rset', 'RSET');
export const quit = () => command('quit', 'QUIT');

export function mailFrom(address: string, params: string[] = []): Command {
  assertSafeArgument('The sender address', address);
  for (const p of params) assertSafeArgument('A MAIL FROM parameter', p);
  return command('mail', [`MAIL FROM:<${address}>`, ...params].join(' '));
}

export function rcptTo(address: string, params: string[] = []): Command {
  assertSafeArgument('The recipient address', address);
  for (const p of params) assertSafeArgument('An RCPT TO parameter', p);
  return command('rcpt', [`RCPT TO:<${address}>`, ...params].join(' '));
}

/** AUTH PLAIN with the initial response (RFC 4616); the transcript never shows it. */
export function authPlain(user: string, pass: string): Command {
  assertSafeArgument('The AUTH user', user);
  assertSafeArgument('The AUTH password', pass);
  const token = Buffer.from(`\0${user}\0${pass}`, 'utf8').toString('base64');
  return command('auth', `AUTH PLAIN ${token}`, 'AUTH PLAIN [credentials hidden]');
}

export const authLogin = () => command('auth', 'AUTH LOGIN');

/** A base64 line answering a 334 challenge of AUTH LOGIN. */
export function authLoginStep(value: string, what: 'user name' | 'password'): Command {
  assertSafeArgument(`The AUTH ${what}`, value);
  return command('auth', Buffer.from(value, 'utf8').toString('base64'), `[${what} hidden]`);
}
