import type { Check, CheckGroup, CheckStatus } from '../../shared/domain-report';

/** One check, with its group and title fixed by its id's family. */
export function check(
  id: string,
  group: CheckGroup,
  title: string,
  status: CheckStatus,
  summary: string,
  more: { hint?: string | null; evidence?: string[]; subject?: string | null } = {},
): Check {
  return {
    id,
    group,
    title,
    status,
    summary,
    hint: more.hint ?? null,
    evidence: more.evidence ?? [],
    subject: more.subject ?? null,
  };
}

/** "a, b and c". */
export function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** A maker for one check id: each status it can take in one call, evidence last. */
export function checkMaker(id: string, group: CheckGroup, title: string) {
  return (
    status: CheckStatus,
    summary: string,
    hint: string | null = null,
    evidence: string[] = [],
  ): Check => check(id, group, title, status, summary, { hint, evidence });
}
