import type { BlocklistReport, BlocklistResult } from '../../shared/dnsbl';
import { blocklistSummary } from '../report/dnsbl';
import { printable } from './printable';

const WORD: Record<BlocklistResult['status'], string> = {
  listed: 'LISTED',
  'not-listed': 'ok',
  refused: 'REFUSED',
  unknown: 'UNKNOWN',
};

const INDENT = ' '.repeat(12);

function resultLines(r: BlocklistResult): string[] {
  const head = `  ${WORD[r.status].padEnd(8)}  ${r.name}`;
  switch (r.status) {
    case 'not-listed':
      return [`${head}: not listed`];
    case 'listed':
      return [
        `${head}: listed`,
        ...r.codes.map((c) => `${INDENT}${c.code} ${c.label}: ${c.meaning}`),
        ...(r.reason ? [`${INDENT}reason: ${r.reason}`] : []),
        `${INDENT}query: ${r.query}`,
        `${INDENT}delist: ${r.delistUrl}`,
      ];
    case 'refused':
      return [
        `${head}: refused, not a listing`,
        ...r.codes.map((c) => `${INDENT}${c.code} ${c.label}: ${c.meaning}`),
        `${INDENT}query: ${r.query}`,
      ];
    case 'unknown':
      return [
        `${head}: unknown, not a clean result`,
        `${INDENT}${r.failure ?? r.summary}`,
        `${INDENT}query: ${r.query}`,
      ];
  }
}

/** The blocklist results for a terminal: a summary line, then each list, per target asked about. */
export function blocklistText(report: BlocklistReport, server: string): string {
  const targets = [report.ip, report.domain].filter((t): t is string => t !== null);
  const out = [
    `=== Blocklists for ${targets.join(' and ')} (asked ${server})`,
    blocklistSummary(report),
  ];
  for (const target of targets) {
    const results = report.results.filter((r) => r.target === target);
    out.push(
      '',
      target,
      ...(results.length ? results.flatMap(resultLines) : ['  (no list to ask)']),
    );
  }
  return `${out.map(printable).join('\n')}\n`;
}
