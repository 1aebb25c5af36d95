import type { Check, CheckGroup, CheckStatus, ReportCounts } from './domain-report';
import type {
  Authentication,
  AuthResult,
  DkimSignature,
  MessageReport,
  MessageSummary,
} from './message-report';
import { counted } from './plural';
import type { SpamVerdict } from './spam';

/** The message report's words, shared by the terminal (`mxray inspect`), Markdown and the page. */

export type MessageCheckGroup = Extract<
  CheckGroup,
  'authentication' | 'sender' | 'bulk' | 'connection' | 'hygiene' | 'content'
>;

/** The checklist's sections, in the order every rendering shows them. */
export const MESSAGE_GROUP_TITLE: Record<MessageCheckGroup, string> = {
  authentication: 'Authentication (SPF, DKIM, DMARC)',
  sender: 'Sender domain records',
  bulk: 'Bulk-sender rules',
  connection: 'Connection',
  hygiene: 'Message format (RFC 5322)',
  content: 'Content (HTML, spam score, links)',
};
export const MESSAGE_GROUP_ORDER = Object.keys(MESSAGE_GROUP_TITLE) as MessageCheckGroup[];

export const AUTH_RESULT_WORD: Record<AuthResult, string> = {
  pass: 'pass',
  fail: 'fail',
  softfail: 'soft fail',
  neutral: 'neutral',
  none: 'none',
  temperror: 'temporary error',
  permerror: 'permanent error',
  policy: 'refused by policy',
  'not-checked': 'not checked',
};

const RANK: Record<CheckStatus, number> = { na: 0, ok: 1, warn: 2, fail: 3 };

export function countChecks(checks: Check[]): ReportCounts {
  const counts: ReportCounts = { ok: 0, warn: 0, fail: 0, na: 0 };
  for (const c of checks) counts[c.status]++;
  return counts;
}

/** The counts, the worst status, and the sentence on top. */
export function messageSummary(checks: Check[]): MessageSummary {
  const counts = countChecks(checks);
  const worst = checks.reduce<CheckStatus>(
    (w, c) => (RANK[c.status] > RANK[w] ? c.status : w),
    'na',
  );
  const titles = (status: CheckStatus) =>
    checks
      .filter((c) => c.status === status)
      .map((c) => c.title)
      .join(', ');
  const sentence =
    worst === 'fail'
      ? `${counted(counts.fail, 'failure')} (${titles('fail')}): a big mailbox provider would likely refuse this message or file it as spam.`
      : worst === 'warn'
        ? `Nothing fails; ${counted(counts.warn, 'warning')} (${titles('warn')}).`
        : worst === 'ok'
          ? 'Every check passes.'
          : 'Nothing could be judged.';
  return { counts, worst, sentence };
}

/** "pass (d=example.com s=sel, rsa 2048 bits)" or "fail: body hash did not verify". */
export function signatureText(s: DkimSignature): string {
  const key = s.keyBits ? `, ${s.keyType ?? 'key'} ${s.keyBits} bits` : '';
  const aligned = s.result === 'pass' ? (s.aligned ? ', aligned' : ', not aligned with From') : '';
  return `d=${s.domain} s=${s.selector} ${s.algorithm}: ${AUTH_RESULT_WORD[s.result]}${s.reason ? ` — ${s.reason}` : ''}${key}${aligned}`;
}

/** One line per mechanism, as the terminal and Markdown show them. */
export function authenticationLines(a: Authentication): string[] {
  const lines = [
    `SPF: ${AUTH_RESULT_WORD[a.spf.result]} — ${a.spf.reason}`,
    a.dkim.signatures.length
      ? `DKIM: ${AUTH_RESULT_WORD[a.dkim.result]}`
      : `DKIM: ${AUTH_RESULT_WORD[a.dkim.result]}${a.dkim.reason ? ` — ${a.dkim.reason}` : ''}`,
    ...a.dkim.signatures.map((s) => `  ${signatureText(s)}`),
    `DMARC: ${AUTH_RESULT_WORD[a.dmarc.result]} — ${a.dmarc.reason}`,
    `ARC: ${AUTH_RESULT_WORD[a.arc.result]} — ${a.arc.reason}`,
  ];
  return lines;
}

export function dnsLine(a: Authentication): string {
  return a.dnsServers
    ? `DNS asked: ${a.dnsServers}`
    : `DNS: not asked${a.reason ? ` (${a.reason})` : ''}`;
}

export function spamText(spam: SpamVerdict): string {
  switch (spam.status) {
    case 'not-configured':
      return 'not configured (Settings → Spam filter, or --spamd host:port)';
    case 'error':
      return `spamd at ${spam.server} did not score it: ${spam.error}`;
    case 'scored':
      return `${spam.score} of threshold ${spam.threshold} (${spam.isSpam ? 'spam' : 'not spam'}), spamd at ${spam.server}`;
  }
}

export function envelopeText(r: MessageReport): string {
  const e = r.envelope;
  if (r.kind === 'draft') return 'a draft, not sent yet';
  const parts = [
    `IP ${e.ip ?? 'not known'}`,
    `HELO ${e.helo ?? 'not known'}`,
    `MAIL FROM ${e.mailFrom === null ? 'not known' : `<${e.mailFrom}>`}`,
    `TLS ${e.tlsKnown ? (e.tls ? [e.tls.protocol, e.tls.cipher].filter(Boolean).join(' ') || 'yes' : 'none') : 'not known'}`,
  ];
  return parts.join(', ');
}

export const countsText = (c: ReportCounts, join = ', ') =>
  [`${c.ok} ok`, counted(c.warn, 'warning'), counted(c.fail, 'failure'), `${c.na} n/a`].join(join);

const WORD: Record<CheckStatus, string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL', na: 'n/a' };

/**
 * The report for a terminal: summary, authentication, the checklist by section (hints and
 * evidence under problems), HTML by client family, spam rules, links. Control characters are
 * the caller's to neutralise (the CLI passes every line through `printable`).
 */
export function messageReportText(r: MessageReport): string[] {
  const out = [
    `=== Message report${r.kind === 'draft' ? ' (draft)' : ''}: ${r.message.subject ?? '(no subject)'}`,
    `From ${r.message.from ?? '(none)'}; ${r.message.size} bytes; ${r.source.kind}${r.source.name ? ` ${r.source.name}` : ''}; ${r.mode} mode`,
    `Envelope: ${envelopeText(r)}`,
    r.summary.sentence,
    countsText(r.summary.counts),
    '',
    'Authentication',
    `  ${dnsLine(r.authentication)}`,
    ...authenticationLines(r.authentication).map((l) => `  ${l}`),
  ];
  for (const group of MESSAGE_GROUP_ORDER) {
    const checks = r.checks.filter((c) => c.group === group);
    if (!checks.length) continue;
    out.push('', MESSAGE_GROUP_TITLE[group]);
    for (const c of checks) {
      out.push(
        `  ${WORD[c.status].padEnd(4)}  ${c.title}${c.subject ? ` — ${c.subject}` : ''}: ${c.summary}`,
      );
      if (c.status === 'warn' || c.status === 'fail') {
        if (c.hint) out.push(`        hint: ${c.hint}`);
        for (const e of c.evidence) out.push(`        | ${e}`);
      }
    }
  }
  out.push('', 'HTML compatibility');
  if (!r.html.checked) out.push(`  not checked: ${r.html.reason ?? ''}`);
  else {
    for (const f of r.html.families)
      out.push(
        `  ${String(f.score).padStart(3)}/100  ${f.title}${f.unsupported.length ? ` — no ${f.unsupported.join(', ')}` : ''}`,
      );
    const none = r.html.issues.filter((i) => i.support === 'none');
    if (none.length) out.push('  Unsupported:');
    for (const i of none) out.push(`    ${i.feature}: ${i.clients.join(', ')}`);
    const partial = r.html.issues.filter((i) => i.support === 'partial');
    if (partial.length)
      out.push(
        `  Partly supported: ${partial.map((i) => `${i.feature} (${i.clients.length})`).join(', ')}`,
      );
  }
  out.push('', `Spam: ${spamText(r.spam)}`);
  if (r.spam.status === 'scored')
    for (const rule of r.spam.rules)
      out.push(`  ${rule.score.toFixed(1).padStart(5)} ${rule.name}  ${rule.description}`);
  out.push('', `Links (${r.links.items.length})${r.links.reason ? `: ${r.links.reason}` : ''}`);
  for (const l of r.links.items) {
    const c = r.links.checks?.find((x) => x.url === l.url);
    const result = c
      ? ` → ${c.status ?? c.error}${c.redirects.length ? ` after ${counted(c.redirects.length, 'redirect')}` : ''}${c.error && c.status !== null ? ` (${c.error})` : ''}`
      : '';
    out.push(`  ${l.kind === 'image' ? 'image' : 'link '} ${l.url}${result}`);
  }
  return out;
}
