import type {
  CheckGroup,
  CheckStatus,
  DomainReport,
  ReportCounts,
} from '../../../shared/domain-report';
import { STATUS_WORD } from '../../../shared/domain-report';
import { GROUP_ORDER, GROUP_TITLE } from '../../../shared/domain-report-text';
import type { Tone } from '../outbox/delivery-status';

export const STATUSES: readonly CheckStatus[] = ['fail', 'warn', 'ok', 'na'];

export const statusTone: Record<CheckStatus, Tone> = {
  ok: 'ok',
  warn: 'warn',
  fail: 'fail',
  na: 'muted',
};

export const statusIcon: Record<CheckStatus, string> = {
  ok: '✓',
  warn: '!',
  fail: '✕',
  na: '–',
};

export const GROUPS: { group: CheckGroup; title: string }[] = GROUP_ORDER.map((group) => ({
  group,
  title: GROUP_TITLE[group],
}));

/** "2 warnings", "1 failure", "5 OK": what a count badge says. */
export function countLabel(status: CheckStatus, n: number): string {
  if (status === 'warn') return n === 1 ? 'warning' : 'warnings';
  if (status === 'fail') return n === 1 ? 'failure' : 'failures';
  return STATUS_WORD[status];
}

/** The report at a glance: still running, or the worst it found. */
export function overall(report: DomainReport): { tone: Tone; label: string } {
  if (!report.done) return { tone: 'accent', label: 'Checking…' };
  const c: ReportCounts = report.counts;
  if (c.fail) return { tone: 'fail', label: 'Problems found' };
  if (c.warn) return { tone: 'warn', label: 'Works, with warnings' };
  if (c.ok) return { tone: 'ok', label: 'All checks passed' };
  return { tone: 'muted', label: 'Nothing to check' };
}
