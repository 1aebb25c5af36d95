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
