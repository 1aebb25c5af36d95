import { type Check, STATUS_WORD } from './domain-report';
import type { MessageReport } from './message-report';
import {
  authenticationLines,
  countsText,
  dnsLine,
  envelopeText,
  MESSAGE_GROUP_ORDER,
  MESSAGE_GROUP_TITLE,
  spamText,
} from './message-report-text';

/** A table cell or an inline text: one line, pipes escaped. */
const cell = (value: string) => value.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

function checkBlock(check: Check): string[] {
  const where = check.subject ? ` — ${check.subject}` : '';
  const lines = [`- **${STATUS_WORD[check.status]}** · ${check.title}${where}: ${check.summary}`];
  if (check.hint) lines.push(`  - Hint: ${check.hint}`);
  if (check.evidence.length)
    lines.push('', '  ```', ...check.evidence.map((e) => `  ${e}`), '  ```');
  return lines;
}

/** The message report as Markdown (the export beside JSON, which is the contract itself). */
export function messageReportMarkdown(r: MessageReport): string {
  const out = [
    `# Message report${r.kind === 'draft' ? ' (draft)' : ''}: ${cell(r.message.subject ?? '(no subject)')}`,
    '',
    `From: ${cell(r.message.from ?? '(none)')}  `,
    `Message-ID: ${cell(r.message.messageId ?? '(none)')}  `,
    `Envelope: ${cell(envelopeText(r))}  `,
    `Judged ${r.generatedAt} in ${r.mode} mode`,
    '',
    `**${r.summary.sentence}**`,
    '',
    countsText(r.summary.counts, ' · '),
    '',
    '## Authentication',
    '',
    `${dnsLine(r.authentication)}`,
    '',
    ...authenticationLines(r.authentication).map((l) =>
      l.startsWith('  ') ? `  - ${l.trim()}` : `- ${l}`,
    ),
    '',
  ];
  if (r.authentication.lookups.length)
    out.push(
      '<details><summary>DNS lookups</summary>',
      '',
      '```',
      ...r.authentication.lookups,
      '```',
      '',
      '</details>',
      '',
    );
  for (const group of MESSAGE_GROUP_ORDER) {
    const checks = r.checks.filter((c) => c.group === group);
    if (checks.length)
      out.push(`## ${MESSAGE_GROUP_TITLE[group]}`, '', ...checks.flatMap(checkBlock), '');
  }
  out.push('## HTML compatibility', '');
  if (!r.html.checked) out.push(`Not checked: ${r.html.reason ?? ''}`, '');
  else {
    out.push(
      `Data: ${r.html.source}`,
      '',
      '| Client family | Score | Not supported |',
      '|---|---|---|',
    );
    for (const f of r.html.families)
      out.push(`| ${cell(f.title)} | ${f.score}/100 | ${cell(f.unsupported.join(', ') || '—')} |`);
    out.push('');
    if (r.html.issues.length) {
      out.push('| Feature | Support | Clients |', '|---|---|---|');
      for (const i of r.html.issues)
        out.push(
          `| ${cell(i.feature)} | ${i.support === 'none' ? 'none' : 'partial'} | ${cell(i.clients.join(', '))} |`,
        );
      out.push('');
    }
  }
  out.push('## Spam score', '', spamText(r.spam), '');
  if (r.spam.status === 'scored' && r.spam.rules.length) {
    out.push('| Rule | Score | Description |', '|---|---|---|');
    for (const rule of r.spam.rules)
      out.push(`| ${cell(rule.name)} | ${rule.score} | ${cell(rule.description)} |`);
    out.push('');
  }
  out.push(`## Links (${r.links.items.length})`, '');
  if (r.links.reason) out.push(r.links.reason, '');
  if (r.links.items.length) {
    out.push('| Kind | URL | Result |', '|---|---|---|');
    for (const l of r.links.items) {
      const c = r.links.checks?.find((x) => x.url === l.url);
      const result = c
        ? `${c.status ?? '—'}${c.redirects.length ? ` after ${c.redirects.length} redirects` : ''}${c.error ? ` (${c.error})` : ''}`
        : '—';
      out.push(`| ${l.kind} | ${cell(l.url)} | ${cell(result)} |`);
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
