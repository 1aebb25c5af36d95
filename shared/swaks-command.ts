import type { SendRequest } from './send';

/** POSIX shell quoting: bare when safe, else single quotes. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const quitAfter: Record<string, string> = {
  connect: 'CONNECT',
  banner: 'BANNER',
  ehlo: 'HELO',
  starttls: 'TLS',
  auth: 'AUTH',
  mail: 'MAIL',
  rcpt: 'RCPT',
  data: 'DATA',
};

/**
 * The swaks command that does what this request did (DevTools' "Copy as cURL"). `server` is
 * where the session went (for direct delivery: the MX that was tried); without it swaks
 * looks up the MX itself. Passwords are never written: swaks asks for one.
 */
export function swaksCommand(
  request: SendRequest,
  server?: { host: string; port: number },
): string {
  const { envelope, message, session, route } = request;
  const args = ['swaks', '--from', envelope.mailFrom || '<>', '--to', envelope.rcptTo.join(',')];
  const target = route.kind === 'server' ? route.server : server;
  // Host and port apart: "2001:db8::1:25" would be ambiguous.
  if (target)
    args.push('--server', target.host.replace(/^\[|\]$/g, ''), '--port', String(target.port));
  if (session.helo) args.push('--helo', session.helo);
  if (session.tls === 'require') args.push('--tls');
  if (session.tls === 'opportunistic') args.push('--tls-optional');
  if (session.tls === 'implicit') args.push('--tls-on-connect');
  if (session.tlsVerify) args.push('--tls-verify');
  if (session.pipelining) args.push('--pipeline');
  if (session.auth) args.push('--auth', '--auth-user', session.auth.user);
  if (session.quitAfter)
    args.push('--quit-after', quitAfter[session.quitAfter] ?? session.quitAfter);
  if (session.timeoutSeconds) args.push('--timeout', `${session.timeoutSeconds}s`);
  if (message.from !== envelope.mailFrom) args.push('--header', `From: ${message.from}`);
  // Without it swaks writes "To:" from every --to, Bcc recipients included.
  args.push('--header', `To: ${message.to.join(', ')}`);
  if (message.subject) args.push('--header', `Subject: ${message.subject}`);
  if (message.cc.length) args.push('--header', `Cc: ${message.cc.join(', ')}`);
  for (const h of message.headers) args.push('--header', `${h.name}: ${h.value}`);
  // swaks reads "--body -" from stdin and "--body @x" from a file: such a body goes on stdin.
  const piped = message.text !== undefined && /^(?:-$|@)/.test(message.text);
  if (message.text) args.push('--body', piped ? '-' : message.text);
  for (const a of message.attachments) args.push('--attach', `@${a.filename}`);
  const command = args.map((a, i) => (i === 0 ? a : shellQuote(a))).join(' ');
  return piped ? `printf '%s\\n' ${shellQuote(message.text ?? '')} | ${command}` : command;
}
