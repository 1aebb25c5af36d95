import type { Check, CheckGroup, DomainReport, MxProbe } from '../../shared/domain-report';
import { printable } from './printable';

const GROUPS: [CheckGroup, string][] = [
  ['mx', 'MX records'],
  ['server', 'Servers'],
  ['policy', 'Policies'],
  ['sender', 'Sender domain'],
];
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const WORD: Record<Check['status'], string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL', na: 'n/a' };

function probeLines(p: MxProbe): string[] {
  const pref = p.preference === null ? '--' : String(p.preference);
  const reach = p.reachable
    ? `answers (connect ${p.connectMs} ms, banner ${p.bannerMs} ms)`
    : `does not answer: ${p.failure}`;
  const tls = p.starttls.ok
    ? `${p.starttls.protocol} ${p.starttls.cipher}`
    : p.starttls.offered
      ? `STARTTLS failed: ${p.starttls.error}`
      : 'no STARTTLS';
  const lines = [`  ${pref.padStart(3)} ${p.host} ${p.address}  ${reach}`];
  if (!p.reachable) return lines;
  const e = p.ehlo;
  if (e) lines.push(`      EHLO ${e.name}: ${e.keywords.join(' ') || '(HELO only)'}`);
  if (e?.keywordsBeforeTls) lines.push(`      before STARTTLS: ${e.keywordsBeforeTls.join(' ')}`);
  lines.push(`      TLS: ${tls}`);
  const c = p.certificate;
  if (c)
    lines.push(
      `      certificate: ${c.subject}; ${c.daysLeft < 0 ? `expired ${-c.daysLeft} days ago` : `${c.daysLeft} days left`}; chain ${c.chainVerifies ? 'verifies' : `does not verify (${c.chainError})`}; name ${c.nameMatches ? 'matches' : 'does not match'}`,
    );
  const r = p.reverseDns;
  if (r)
    lines.push(
      `      reverse DNS: ${r.names.join(', ') || r.error}${r.names.length ? (r.forwardConfirmed ? ' (forward-confirmed)' : ' (not forward-confirmed)') : ''}`,
    );
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
  for (const [group, title] of GROUPS) {
    const checks = report.checks.filter((c) => c.group === group);
    if (checks.length) out.push('', title, ...checks.flatMap(checkLines));
  }
  return `${out.map(printable).join('\n')}\n`;
}
