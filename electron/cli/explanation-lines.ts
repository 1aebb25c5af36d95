import type { ReplyExplanation } from '../../shared/reply-explanations';

/** Under a reply a provider rule knows: whose rule, what it means, what to do, where. */
export function explanationLines(e: ReplyExplanation | undefined): string[] {
  if (!e) return [];
  return [
    `${e.provider}: ${e.meaning}`,
    ...(e.list ? [`blocklist: ${e.list}${e.delist ? ` (delist: ${e.delist})` : ''}`] : []),
    `what to do: ${e.action}`,
    `see ${e.url}`,
  ];
}
