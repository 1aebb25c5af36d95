import type { Check, DomainReport, MxProbe } from '../../shared/domain-report';
import {
  certificateText,
  GROUP_ORDER,
  GROUP_TITLE,
  plural,
  reverseDnsText,
  tlsText,
} from '../../shared/domain-report-text';
import { printable } from './printable';

const WORD: Record<Check['status'], string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL', na: 'n/a' };

function probeLines(p: MxProbe): string[] {
  const pref = p.preference === null ? '--' : String(p.preference);
  const reach = p.reachable
    ? `answers (connect ${p.connectMs} ms, banner ${p.bannerMs} ms)`
    : `does not answer: ${p.failure}`;
  const lines = [`  ${pref.padStart(3)} ${p.host} ${p.address}  ${reach}`];
  if (!p.reachable) return lines;
  const e = p.ehlo;
  if (e) lines.push(`      EHLO ${e.name}: ${e.keywords.join(' ') || '(HELO only)'}`);
  if (e?.keywordsBeforeTls) lines.push(`      before STARTTLS: ${e.keywordsBeforeTls.join(' ')}`);
  lines.push(`      TLS: ${tlsText(p)}`);
  if (p.certificate) lines.push(`      certificate: ${certificateText(p.certificate)}`);
  if (p.reverseDns) lines.push(`      reverse DNS: ${reverseDnsText(p.reverseDns)}`);
  if (p.clientAddress) lines.push(`      sees you as: ${p.clientAddress}`);
  return lines;
}

function checkLines(c: Check): string[] {
  const lines = [
    `  ${WORD[c.status].padEnd(4)}  ${c.title}${c.subject ? ` — ${c.subject}` : ''}: ${c.summary}`,
  ];
  if (c.status === 'warn' || c.status === 'fail') {
    if (c.hint) lines.push(`        hint: ${c.hint}`);
    for (const e of c.evidence) lines.push(`        | ${e}`);
  }
  return lines;
}

/** The report for a terminal: summary, the MX matrix, then the checks, evidence under problems. */
export function reportText(report: DomainReport): string {
  const { counts } = report;
  const out = [
    `=== Domain report for ${report.domain}${report.senderDomain ? ` (sender domain ${report.senderDomain})` : ''}`,
    report.summary,
    `${counts.ok} ok, ${plural(counts.warn, 'warning')}, ${plural(counts.fail, 'failure')}, ${counts.na} n/a`,
    '',
    'MX servers',
    ...(report.probes.length ? report.probes.flatMap(probeLines) : ['  (none to probe)']),
  ];
  for (const group of GROUP_ORDER) {
    const checks = report.checks.filter((c) => c.group === group);
    if (checks.length) out.push('', GROUP_TITLE[group], ...checks.flatMap(checkLines));
  }
  return `${out.map(printable).join('\n')}\n`;
}
