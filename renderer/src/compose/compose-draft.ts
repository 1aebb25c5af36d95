import type { DkimCanonicalization } from '../../../shared/dkim';
import { isSandboxDomain, SANDBOX_SUFFIX } from '../../../shared/sandbox';
import {
  MAX_CONTENT_BYTES,
  MAX_CONTENT_TEXT,
  MailboxAddress,
  SendRequest,
  type SendRequestInput,
} from '../../../shared/send';
import { HeloName, type Mode, type Settings, type TlsPolicy } from '../../../shared/settings';

export type RouteChoice = 'sandbox' | 'mx' | 'relay';

/** The route a mode starts with: the sandbox in Sandbox mode, the domain's MX in Internet mode. */
export const defaultRoute = (mode: Mode): RouteChoice => (mode === 'sandbox' ? 'sandbox' : 'mx');

/** What the compose form edits: text as typed; checked and turned into a SendRequest on send. */
export interface ComposeDraft {
  from: string;
  /** MAIL FROM when it should differ from the From address; empty: the From address. */
  envelopeFrom: string;
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  body: string;
  html: string;
  useHtml: boolean;
  headers: string;
  helo: string;
  route: RouteChoice;
  /** The route the user picked when it is not the mode's own; null: the route follows the mode. */
  routePick: RouteChoice | null;
  /** The mode the route was last fitted to (compose-route.ts). */
  mode: Mode;
  relayHost: string;
  relayPort: string;
  authUser: string;
  authPass: string;
  tls: TlsPolicy;
  /** What TLS was before port 465 switched it to implicit: given back when the port changes. */
  tlsBeforeImplicit?: TlsPolicy;
  tlsVerify: boolean;
  probeOnly: boolean;
  /** The stored DKIM key to sign with (its id; the private key never reaches the renderer); '': none. */
  dkimKeyId: string;
  /** That key's `selector._domainkey.domain`, to name it if it is deleted meanwhile. */
  dkimKeyName: string;
  dkimCanon: DkimCanonicalization;
}

export type ComposeField = keyof ComposeDraft | 'attachments';
export type ComposeErrors = Partial<Record<ComposeField, string>>;

export interface PickedFile {
  filename: string;
  contentType: string;
  contentBase64: string;
  size: number;
}

export function newDraft(settings: Settings | null): ComposeDraft {
  const mode = settings?.mode ?? 'sandbox';
  const sandbox = mode === 'sandbox';
  return {
    from: 'Developer <dev@mxray.example>',
    envelopeFrom: '',
    to: sandbox ? `you@failover.${SANDBOX_SUFFIX}` : '',
    cc: '',
    bcc: '',
    subject: 'Hello from MXray',
    body: 'This message was sent by MXray to see what happens on the wire.',
    html: '',
    useHtml: false,
    headers: '',
    helo: settings?.heloName ?? '',
    route: defaultRoute(mode),
    routePick: null,
    mode,
    relayHost: '',
    relayPort: '587',
    authUser: '',
    authPass: '',
    tls: settings?.tlsPolicy ?? 'opportunistic',
    tlsVerify: false,
    probeOnly: false,
    dkimKeyId: '',
    dkimKeyName: '',
    dkimCanon: 'relaxed/relaxed',
  };
}

const list = (text: string) =>
  text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** "Name <a@b>" or "a@b" → "a@b"; null when it is neither. */
export function addressOf(text: string): string | null {
  const angle = /<([^<>]*)>\s*$/.exec(text.trim());
  const address = (angle?.[1] ?? text).trim();
  return MailboxAddress.safeParse(address).success ? address : null;
}

function checkAddresses(text: string, what: string, route: RouteChoice): string | null {
  for (const item of list(text)) {
    const address = addressOf(item);
    if (!address) return `"${item}" is not an address like name@example.com`;
    const domain = address.slice(address.lastIndexOf('@') + 1);
    if (route === 'sandbox' && !isSandboxDomain(domain))
      return `The sandbox delivers only to *.${SANDBOX_SUFFIX}; ${address} is not one. Choose Direct MX (in Internet mode) for real domains.`;
    if (route === 'mx' && isSandboxDomain(domain))
      return `${address} is a sandbox domain: choose the Sandbox route.`;
  }
  return list(text).length > 1000 ? `At most 1000 ${what} recipients` : null;
}

function parseHeaders(
  text: string,
): { headers: { name: string; value: string }[] } | { error: string } {
  const headers: { name: string; value: string }[] = [];
  for (const line of text.split(/\r?\n|\r/)) {
    if (line.trim() === '') continue;
    if (/^[ \t]/.test(line))
      return { error: 'A header value cannot contain a line break; put each header on one line.' };
    const colon = line.indexOf(':');
    if (colon < 1) return { error: `"${line}" must look like Name: value` };
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return { headers };
}

/** Check every field, as main will, before anything is sent; errors keyed by field. */
export function checkDraft(
  draft: ComposeDraft,
  attachments: PickedFile[],
): { request: SendRequest } | { errors: ComposeErrors } {
  const errors: ComposeErrors = {};
  const from = addressOf(draft.from);
  if (!draft.from.trim()) errors.from = 'From cannot be empty';
  else if (!from)
    errors.from = 'From must be an address like name@example.com or Name <name@example.com>';
  const envelopeFrom = draft.envelopeFrom.trim() ? addressOf(draft.envelopeFrom) : from;
  if (draft.envelopeFrom.trim() && !envelopeFrom)
    errors.envelopeFrom = 'MAIL FROM must be an address like name@example.com';
  if (list(draft.to).length === 0) errors.to = 'Add at least one recipient';
  else errors.to = checkAddresses(draft.to, 'To', draft.route) ?? undefined;
  errors.cc = checkAddresses(draft.cc, 'Cc', draft.route) ?? undefined;
  errors.bcc = checkAddresses(draft.bcc, 'Bcc', draft.route) ?? undefined;
  if (/[\r\n]/.test(draft.subject)) errors.subject = 'The subject cannot contain a line break';
  const headers = parseHeaders(draft.headers);
  if ('error' in headers) errors.headers = headers.error;
  if (draft.helo.trim() && !HeloName.safeParse(draft.helo).success)
    errors.helo = HeloName.safeParse(draft.helo).error?.issues[0]?.message;
  const port = Number(draft.relayPort);
  if (draft.route === 'relay') {
    if (!draft.relayHost.trim()) errors.relayHost = 'Give the relay host, e.g. smtp.example.com';
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      errors.relayPort = 'Port must be a number from 1 to 65535';
    if (draft.authUser && !draft.authPass)
      errors.authPass = 'Give the password for this user (it is never shown again)';
  }
  if (draft.useHtml && !draft.html.trim()) errors.html = 'Write the HTML body, or untick HTML';
  const total = attachments.reduce((n, a) => n + a.size, 0);
  if (total > MAX_CONTENT_BYTES)
    errors.attachments = `Attachments are limited to ${MAX_CONTENT_TEXT} in all`;
  for (const key of Object.keys(errors) as ComposeField[]) if (!errors[key]) delete errors[key];
  if (Object.keys(errors).length) return { errors };

  const toList = list(draft.to);
  const ccList = list(draft.cc);
  const input: SendRequestInput = {
    envelope: {
      mailFrom: envelopeFrom ?? '',
      rcptTo: [...toList, ...ccList, ...list(draft.bcc)].map((a) => addressOf(a) ?? a),
    },
    message: {
      from: draft.from.trim(),
      to: toList,
      cc: ccList,
      subject: draft.subject,
      text: draft.body,
      html: draft.useHtml ? draft.html : undefined,
      headers: 'headers' in headers ? headers.headers : [],
      attachments: attachments.map(({ filename, contentType, contentBase64 }) => ({
        filename,
        contentType,
        contentBase64,
      })),
    },
    route:
      draft.route === 'relay'
        ? { kind: 'server', server: { host: draft.relayHost.trim(), port } }
        : { kind: 'mx' },
    session: {
      helo: draft.helo.trim() || undefined,
      tls: draft.tls,
      tlsVerify: draft.tlsVerify,
      quitAfter: draft.probeOnly ? 'rcpt' : null,
      auth:
        draft.route === 'relay' && draft.authUser
          ? { user: draft.authUser, pass: draft.authPass }
          : null,
    },
    dkim: draft.dkimKeyId
      ? { keyId: draft.dkimKeyId, canonicalization: draft.dkimCanon }
      : undefined,
  };
  const parsed = SendRequest.safeParse(input);
  if (parsed.success) return { request: parsed.data };
  return {
    errors: errorsFromIssues(
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    ),
  };
}

/** A schema path (ours or main's) → the field that holds it. */
export function errorsFromIssues(issues: { path: string; message: string }[]): ComposeErrors {
  const map: [RegExp, ComposeField][] = [
    [/^envelope\.mailFrom/, 'envelopeFrom'],
    [/^envelope\.rcptTo/, 'to'],
    [/^message\.from/, 'from'],
    [/^message\.to/, 'to'],
    [/^message\.cc/, 'cc'],
    [/^message\.subject/, 'subject'],
    [/^message\.headers/, 'headers'],
    [/^message\.attachments/, 'attachments'],
    [/^message\.html/, 'html'],
    [/^message\.text/, 'body'],
    [/^session\.helo/, 'helo'],
    [/^session\.auth/, 'authUser'],
    [/^route/, 'relayHost'],
    [/^dkim/, 'dkimKeyId'],
  ];
  const errors: ComposeErrors = {};
  for (const issue of issues) {
    const field = map.find(([re]) => re.test(issue.path))?.[1];
    if (field) errors[field] ??= issue.message;
  }
  return errors;
}

/**
 * An edit, with the TLS mode following the relay port the way users expect: port 465 means TLS
 * from the first byte (RFC 8314), so choosing it picks "Implicit" unless TLS is off; leaving
 * it (or the relay route) gives back the choice made before (a "Require" stays required).
 * Any mode can still be picked by hand.
 */
export function withEdit<K extends keyof ComposeDraft>(
  draft: ComposeDraft,
  key: K,
  value: ComposeDraft[K],
): ComposeDraft {
  const next = { ...draft, [key]: value };
  if (key === 'route') next.routePick = value === defaultRoute(draft.mode) ? null : next.route;
  if (key !== 'relayPort' && key !== 'route') return next;
  const on465 = next.route === 'relay' && next.relayPort.trim() === '465';
  if (on465 && next.tls !== 'off' && next.tls !== 'implicit') {
    next.tlsBeforeImplicit = next.tls;
    next.tls = 'implicit';
  } else if (!on465 && next.tls === 'implicit') {
    next.tls = next.tlsBeforeImplicit ?? 'opportunistic';
    delete next.tlsBeforeImplicit;
  }
  return next;
}
