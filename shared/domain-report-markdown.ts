import type { Check, DomainReport, MxProbe } from './domain-report';
import { STATUS_WORD } from './domain-report';
import {
  capabilitiesText,
  certificateText,
  GROUP_ORDER,
  GROUP_TITLE,
  plural,
  reverseDnsText,
  tlsText,
} from './domain-report-text';

/** A table cell: one line, pipes escaped. */
const cell = (value: string) => value.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

function matrixRow(p: MxProbe): string {
  const reach =
    p.state === 'pending'
      ? 'probing…'
      : p.reachable
        ? `yes (connect ${p.connectMs ?? '?'} ms, banner ${p.bannerMs ?? '?'} ms)`
        : `no (${p.failure ?? 'unknown'})`;
  const cells = [
    p.preference === null ? p.host : `${p.host} (${p.preference})`,
    p.address,
    reach,
    p.bannerHost ?? '—',
    p.ehlo ? capabilitiesText(p.ehlo) : '—',
    tlsText(p),
    p.certificate ? certificateText(p.certificate) : '—',
    p.reverseDns ? reverseDnsText(p.reverseDns) : '—',
  ];
  return `| ${cells.map(cell).join(' | ')} |`;
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
  for (const group of GROUP_ORDER) {
    const checks = report.checks.filter((c) => c.group === group);
    if (!checks.length) continue;
    out.push(`## ${GROUP_TITLE[group]}`, '', ...checks.flatMap(checkBlock), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
