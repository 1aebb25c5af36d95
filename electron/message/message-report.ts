import { simpleParser } from 'mailparser';
import type { Check, CheckStatus } from '../../shared/domain-report';
import type {
  Authentication,
  DkimSignature,
  HtmlCompat,
  LinksSection,
  MessageEnvelope,
  MessageReport,
} from '../../shared/message-report';
import { messageSummary } from '../../shared/message-report-text';
import type { Mode } from '../../shared/settings';
import type { SpamVerdict } from '../../shared/spam';
import type { DnsClient } from '../dns/resolver';
import { check, checkMaker } from '../report/check';
import {
  authenticateMessage,
  dnsRefusal,
  domainOf,
  headerFromAddresses,
  notChecked,
  relaxedAligned,
  reportDns,
  signatureFields,
} from './authenticate';
import {
  authChecks,
  draftSignatureCheck,
  ptrCheck,
  senderRecordChecks,
  tlsCheck,
  unsubscribeCheck,
} from './checklist';
import { htmlCompat } from './html-compat';
import { hygieneChecks } from './hygiene';
import { checkLinks, extractLinks, type LinkCheckOptions, SANDBOX_LINKS } from './links';
import { fieldValue, isUnixText, lineFacts, readShape, toCrlf } from './raw-message';

/** Bytes that are not a mail message (a PDF, an empty file, a text without header fields). */
export class NotAMessageError extends Error {}

export interface MessageContext {
  source: MessageReport['source'];
  mode: Mode;
  /** Settings' DNS servers (or --dns); none: the system's, in Internet mode only. */
  dnsServers: string[];
  dns?: DnsClient;
  /** The connecting client as the receiving MX saw it, when known. */
  ip?: string | null;
  helo?: string | null;
  mailFrom?: string | null;
  /** How the message travelled, from a delivery record; absent: not known. */
  deliveryRecord?: { tls: { protocol: string | null; cipher: string | null } | null };
  /** The spam filter to ask (spamd from Settings or --spamd); absent: not configured. */
  spam?: (raw: Buffer) => Promise<SpamVerdict>;
  /** Check the links too (Internet mode only), with these options. */
  checkLinks?: boolean;
  linkOptions?: Omit<LinkCheckOptions, 'mode' | 'dns'>;
  now?: () => Date;
}

const HEADER_LINE = /^[!-9;-~]+[ \t]*:/;
const MESSAGE_FIELDS = [
  'from',
  'to',
  'subject',
  'date',
  'message-id',
  'received',
  'return-path',
  'mime-version',
];

/** A message, or a sentence on why these bytes are not one. */
export function assertMessage(raw: Buffer): void {
  if (raw.length === 0) throw new NotAMessageError('it is empty');
  const head = raw.subarray(0, Math.min(raw.length, 64 * 1024));
  if (head.includes(0))
    throw new NotAMessageError('it holds binary data (NUL bytes), not a mail message');
  const firstLine = head.toString('latin1').split(/\r?\n/, 1)[0] ?? '';
  if (!HEADER_LINE.test(firstLine))
    throw new NotAMessageError(
      `its first line is not a header field ("Name: value"): "${firstLine.slice(0, 60)}"`,
    );
  const names = readShape(raw).fields.map((f) => f.name.toLowerCase());
  if (!names.some((n) => MESSAGE_FIELDS.includes(n)))
    throw new NotAMessageError(
      'none of its header fields is a mail header (From, To, Subject, Date, Message-ID, Received)',
    );
}

const spamCheck = (spam: SpamVerdict): Check => {
  const make = checkMaker('content.spam', 'content', 'Spam score');
  if (spam.status === 'not-configured')
    return make('na', 'No spamd is configured (Settings → Spam filter, or --spamd host:port).');
  if (spam.status === 'error')
    return make('warn', `spamd at ${spam.server} could not score the message: ${spam.error}`);
  const rules = spam.rules.map(
    (r) => `${r.score.toFixed(1).padStart(5)} ${r.name}: ${r.description}`,
  );
  return spam.isSpam
    ? make(
        'fail',
        `spamd (${spam.server}) scores ${spam.score} of threshold ${spam.threshold}: spam.`,
        'Look at the rules that scored most.',
        rules,
      )
    : make(
        'ok',
        `spamd (${spam.server}) scores ${spam.score}, under the threshold ${spam.threshold}.`,
        null,
        rules,
      );
};

const htmlCheck = (html: HtmlCompat): Check => {
  const evidence = html.families.map(
    (f) =>
      `${f.title}: ${f.score}/100${f.unsupported.length ? ` (no ${f.unsupported.join(', ')})` : ''}`,
  );
  const maker = checkMaker('content.html', 'content', 'HTML in mail clients');
  const make = (status: CheckStatus, summary: string, hint: string | null = null) =>
    maker(status, summary, hint, evidence);
  if (!html.checked) return make('na', html.reason ?? 'Not checked.');
  const broken = html.families.filter((f) => f.unsupported.length);
  if (broken.length)
    return make(
      'warn',
      `Some clients do not support features this HTML uses: ${broken
        .map((f) => f.title)
        .slice(0, 5)
        .join(', ')}${broken.length > 5 ? '…' : ''}.`,
      'Prefer tables and inline styles; see each feature and the clients it breaks.',
    );
  return make('ok', 'Every client family supports every feature this HTML uses (some partly).');
};

const linksCheck = (links: LinksSection): Check | null => {
  if (!links.checks) return null;
  const bad = links.checks.filter((c) => c.verdict === 'fail' || c.verdict === 'warn');
  return check(
    'content.links',
    'content',
    'Links answer',
    bad.length ? 'warn' : 'ok',
    bad.length
      ? `${bad.length} of ${links.checks.length} links do not answer well.`
      : `All ${links.checks.length} links answer.`,
    {
      hint: bad.length
        ? 'Fix or remove broken links: filters score them and readers notice.'
        : null,
      evidence: bad.map((c) => `${c.url}: ${c.error ?? c.status}`),
    },
  );
};

async function linksSection(
  html: string | null,
  text: string | null,
  context: MessageContext,
  dns: DnsClient | null,
): Promise<LinksSection> {
  const items = extractLinks(html, text);
  if (context.mode !== 'internet') return { items, checks: null, reason: SANDBOX_LINKS };
  if (!context.checkLinks)
    return {
      items,
      checks: null,
      reason: 'Links were not checked (ask for it: --check-links, or the button).',
    };
  const checks = await checkLinks(
    items.map((i) => i.url),
    { ...context.linkOptions, mode: context.mode, dns: context.dnsServers.length ? dns : null },
  );
  return { items, checks, reason: null };
}

interface Parsed {
  raw: Buffer;
  html: string | null;
  text: string | null;
  subject: string | null;
}

async function parse(original: Buffer, lenient: boolean) {
  assertMessage(original);
  const lines = lineFacts(original);
  const unixFile = lenient && isUnixText(lines);
  const raw = unixFile ? toCrlf(original) : original;
  const mail = await simpleParser(raw, {
    skipTextToHtml: true,
    skipImageLinks: true,
    skipHtmlToText: true,
  });
  const parsed: Parsed = {
    raw,
    html: mail.html === false ? null : (mail.html ?? null),
    text: mail.text ?? null,
    subject: mail.subject ?? null,
  };
  return { lines, unixFile, parsed, shape: readShape(raw) };
}

function finish(
  kind: MessageReport['kind'],
  context: MessageContext,
  parts: {
    original: Buffer;
    parsed: Parsed;
    shape: ReturnType<typeof readShape>;
    envelope: MessageEnvelope;
    authentication: Authentication;
    checks: Check[];
    html: HtmlCompat;
    spam: SpamVerdict;
    links: LinksSection;
  },
): MessageReport {
  const { shape, parsed } = parts;
  const checks = [...parts.checks, htmlCheck(parts.html), spamCheck(parts.spam)];
  const links = linksCheck(parts.links);
  if (links) checks.push(links);
  return {
    kind,
    generatedAt: (context.now?.() ?? new Date()).toISOString(),
    source: context.source,
    mode: context.mode,
    message: {
      size: parts.original.length,
      from: fieldValue(shape.fields, 'From'),
      subject: parsed.subject,
      messageId: fieldValue(shape.fields, 'Message-ID'),
      date: fieldValue(shape.fields, 'Date'),
    },
    envelope: parts.envelope,
    authentication: parts.authentication,
    checks,
    html: parts.html,
    spam: parts.spam,
    links: parts.links,
    summary: messageSummary(checks),
  };
}

const askSpam = async (context: MessageContext, raw: Buffer): Promise<SpamVerdict> =>
  context.spam ? context.spam(raw) : { status: 'not-configured' };

/**
 * The message report for bytes a server received (or would): authentication as the receiving
 * MX computes it, the checklist, HTML, spam and links. Lenient about a file's Unix line
 * endings (a saved .eml), strict about the bytes of an inbox message.
 */
export async function buildMessageReport(
  original: Buffer,
  context: MessageContext,
): Promise<MessageReport> {
  const lenient = context.source.kind === 'file' || context.source.kind === 'pasted';
  const { lines, unixFile, parsed, shape } = await parse(original, lenient);
  const { raw } = parsed;
  const dns = reportDns({ dnsServers: context.dnsServers, mode: context.mode, dns: context.dns });
  const envelope: MessageEnvelope = {
    ip: context.ip ?? null,
    helo: context.helo ?? null,
    mailFrom: context.mailFrom ?? null,
    tls: context.deliveryRecord?.tls ?? null,
    tlsKnown: context.deliveryRecord !== undefined,
  };
  const [authentication, html, spam, links] = await Promise.all([
    authenticateMessage(raw, {
      ip: envelope.ip,
      helo: envelope.helo,
      mailFrom: envelope.mailFrom,
      dnsServers: context.dnsServers,
      mode: context.mode,
      dns: dns ?? undefined,
    }),
    htmlCompat(parsed.html),
    askSpam(context, raw),
    linksSection(parsed.html, parsed.text, context, dns),
  ]);
  const refusal = dnsRefusal({
    dnsServers: context.dnsServers,
    mode: context.mode,
    dns: context.dns,
  });
  const fromDomain = domainOf(authentication.headerFrom[0] ?? null);
  const [ptr, records] = await Promise.all([
    ptrCheck(envelope.ip, dns, refusal),
    dns ? senderRecordChecks(domainOf(envelope.mailFrom), fromDomain, dns) : Promise.resolve([]),
  ]);
  const checks = [
    ...authChecks(authentication),
    ...records,
    unsubscribeCheck(raw, shape, authentication),
    ptr,
    tlsCheck(envelope),
    ...hygieneChecks(raw, shape, authentication.headerFrom, lines, unixFile),
  ];
  return finish('received', context, {
    original,
    parsed,
    shape,
    envelope,
    authentication,
    checks,
    html,
    spam,
    links,
  });
}

const DRAFT_REASON =
  'A draft: SPF, DKIM and DMARC are judged by the receiving server once it is sent.';
const DRAFT_SPF = 'A draft: SPF is judged for the address that sends it, once it is sent.';
const DRAFT_DMARC =
  'A draft: without a passing aligned DKIM signature, DMARC rests on SPF, judged once it is sent.';

/**
 * A draft's authentication: each DKIM signature verified against the key published in DNS
 * (so a selector not yet published, or a key that does not match, shows before anything is
 * sent), and DMARC when an aligned signature alone passes it. SPF needs the sending IP, so it
 * waits; without DNS everything waits, with the reason.
 */
async function draftAuthentication(
  raw: Buffer,
  context: MessageContext,
  envelope: MessageEnvelope,
  headerFrom: string[],
): Promise<Authentication> {
  const signatures: DkimSignature[] = signatureFields(raw).map((w) => ({
    domain: w.d,
    selector: w.s,
    algorithm: w.a,
    canonicalization: w.c || 'simple/simple',
    result: 'not-checked',
    reason: DRAFT_REASON,
    keyType: null,
    keyBits: null,
    aligned: relaxedAligned(domainOf(headerFrom[0] ?? null), w.d),
    signedHeaders: w.h.toLowerCase().split(':').filter(Boolean),
    record: null,
  }));
  if (!signatures.length) return notChecked(DRAFT_REASON, envelope, headerFrom, signatures);
  const judged = await authenticateMessage(raw, {
    ip: null,
    helo: null,
    mailFrom: envelope.mailFrom,
    dnsServers: context.dnsServers,
    mode: context.mode,
    dns: context.dns,
  });
  // Not asked (Sandbox mode without DNS servers…): that reason, on every verdict.
  if (!judged.checked) {
    const why = judged.reason ?? DRAFT_REASON;
    return notChecked(
      why,
      envelope,
      headerFrom,
      signatures.map((g) => ({ ...g, reason: why })),
    );
  }
  const waiting = notChecked(DRAFT_SPF, envelope, headerFrom);
  return {
    ...judged,
    spf: waiting.spf,
    // A fail may still turn into a pass through SPF once sent; anything else (pass, no record,
    // a lookup that failed) is what the receiver will find too.
    dmarc:
      judged.dmarc.result === 'fail'
        ? {
            ...waiting.dmarc,
            record: judged.dmarc.record,
            policy: judged.dmarc.policy,
            appliedPolicy: judged.dmarc.appliedPolicy,
            reason: DRAFT_DMARC,
          }
        : judged.dmarc,
  };
}

/**
 * What can be judged before sending, from the composed bytes: hygiene, HTML, the spam score,
 * one-click unsubscribe, and each DKIM signature against its published key (when DNS can be
 * asked). No link is fetched.
 */
export async function buildDraftReport(
  composed: Buffer,
  context: MessageContext,
): Promise<MessageReport> {
  const { lines, parsed, shape } = await parse(composed, false);
  const { raw } = parsed;
  const headerFrom = headerFromAddresses(raw);
  const envelope: MessageEnvelope = {
    ip: null,
    helo: null,
    mailFrom: context.mailFrom ?? null,
    tls: null,
    tlsKnown: false,
  };
  const authentication = await draftAuthentication(raw, context, envelope, headerFrom);
  const [html, spam] = await Promise.all([htmlCompat(parsed.html), askSpam({ ...context }, raw)]);
  const links: LinksSection = {
    items: extractLinks(parsed.html, parsed.text),
    checks: null,
    reason: 'A draft: links are listed, not checked.',
  };
  const checks = [
    draftSignatureCheck(raw, headerFrom[0] ?? null, authentication.dkim.signatures),
    unsubscribeCheck(raw, shape, null),
    ...hygieneChecks(raw, shape, headerFrom, lines, false),
  ];
  return finish(
    'draft',
    { ...context, source: { kind: 'draft', name: context.source.name } },
    { original: composed, parsed, shape, envelope, authentication, checks, html, spam, links },
  );
}
