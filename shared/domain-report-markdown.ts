import type { Check, CheckGroup, DomainReport, MxProbe } from './domain-report';
import { STATUS_WORD } from './domain-report';

const GROUP_TITLE: Record<CheckGroup, string> = {
  mx: 'MX records',
  server: 'Servers',
  policy: 'Policies (MTA-STS, TLS-RPT, DANE)',
  sender: 'Sender domain',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A table cell: one line, pipes escaped. */
const cell = (value: string) => value.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

function capabilities(probe: MxProbe): string {
  const e = probe.ehlo;
  if (!e) return '—';
  if (e.helo) return 'HELO only';
  const sizeText = e.size === null ? null : e.size === 0 ? 'SIZE' : `SIZE ${e.size}`;
  return [
    e.pipelining && 'PIPELINING',
    sizeText,
    e.eightBitMime && '8BITMIME',
    e.smtpUtf8 && 'SMTPUTF8',
    e.startTls && 'STARTTLS',
    e.chunking && 'CHUNKING',
    e.dsn && 'DSN',
    e.requireTls && 'REQUIRETLS',
  ]
    .filter(Boolean)
    .join(' ');
}

function matrixRow(p: MxProbe): string {
  const reach =
    p.state === 'pending'
      ? 'probing…'
      : p.reachable
        ? `yes (connect ${p.connectMs ?? '?'} ms, banner ${p.bannerMs ?? '?'} ms)`
        : `no (${p.failure ?? 'unknown'})`;
  const tls = p.starttls.ok
    ? `${p.starttls.protocol ?? '?'} ${p.starttls.cipher ?? ''}`.trim()
    : p.starttls.offered
      ? `failed: ${p.starttls.error ?? '?'}`
      : 'not offered';
  const c = p.certificate;
  const cert = c
    ? `${c.subject}; ${c.daysLeft} days left; chain ${c.chainVerifies ? 'verifies' : `does not verify (${c.chainError})`}; name ${c.nameMatches ? 'matches' : 'does not match'}`
    : '—';
  const r = p.reverseDns;
  const rdns = !r
    ? '—'
    : r.names.length
      ? `${r.names.join(', ')} (${r.forwardConfirmed ? 'FCrDNS ok' : 'not forward-confirmed'})`
      : (r.error ?? 'none');
  const mx = p.preference === null ? p.host : `${p.host} (${p.preference})`;
  return `| ${[mx, p.address, reach, p.bannerHost ?? '—', capabilities(p), tls, cert, rdns].map(cell).join(' | ')} |`;
}

function checkBlock(check: Check): string[] {
  const where = check.subject ? ` — ${check.subject}` : '';
  const lines = [`- **${STATUS_WORD[check.status]}** · ${check.title}${where}: ${check.summary}`];
  if (check.hint) lines.push(`  - Hint: ${check.hint}`);
  if (check.evidence.length) {
    lines.push('', '  ```', ...check.evidence.map((e) => `  ${e}`), '  ```');
  }
  return lines;
}

/** The report as Markdown: summary, the MX matrix, then every check with its evidence. */
export function reportMarkdown(report: DomainReport): string {
  const { counts } = report;
  const out = [
    `# Domain report: ${report.domain}`,
    '',
    report.senderDomain ? `Sender domain: ${report.senderDomain}  ` : '',
    `Checked ${report.startedAt}${report.done ? '' : ' (still running)'}`,
    '',
    `**${report.summary}**`,
    '',
    `${counts.ok} ok · ${plural(counts.warn, 'warning')} · ${plural(counts.fail, 'failure')} · ${counts.na} n/a`,
    '',
    '## MX servers',
    '',
  ].filter((line, i) => line !== '' || i !== 2);
  if (report.probes.length === 0) out.push('No MX address to probe.', '');
  else {
    out.push(
      '| MX | Address | Reachable | Banner host | EHLO | STARTTLS | Certificate | Reverse DNS |',
      '|---|---|---|---|---|---|---|---|',
      ...report.probes.map(matrixRow),
      '',
    );
  }
  for (const group of Object.keys(GROUP_TITLE) as CheckGroup[]) {
    const checks = report.checks.filter((c) => c.group === group);
    if (!checks.length) continue;
    out.push(`## ${GROUP_TITLE[group]}`, '', ...checks.flatMap(checkBlock), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
