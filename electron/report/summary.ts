import type { Check, ReportCounts } from '../../shared/domain-report';

export function countsOf(checks: Check[]): ReportCounts {
  const counts: ReportCounts = { ok: 0, warn: 0, fail: 0, na: 0 };
  for (const c of checks) counts[c.status]++;
  return counts;
}

const titled = (c: Check) => (c.subject ? `${c.title} at ${c.subject}` : c.title);

/** The sentence on top: can mail be delivered, then the worst findings by name. */
export function summaryOf(domain: string, checks: Check[], done: boolean): string {
  if (!done) return `Checking ${domain}…`;
  const fails = checks.filter((c) => c.status === 'fail');
  const warns = checks.filter((c) => c.status === 'warn');
  const routeBroken = checks.some(
    (c) => (c.id === 'mx.records' || c.id === 'mx.reachable') && c.status === 'fail',
  );
  const head = routeBroken
    ? `Mail to ${domain} cannot be delivered now.`
    : fails.length
      ? `Mail to ${domain} can be delivered, but ${fails.length === 1 ? 'one check fails' : `${fails.length} checks fail`}.`
      : warns.length
        ? `Mail to ${domain} can be delivered; ${warns.length === 1 ? 'one warning' : `${warns.length} warnings`}.`
        : `Mail to ${domain} can be delivered; every check passes.`;
  const worst = [...fails, ...warns].slice(0, 3).map(titled);
  return worst.length ? `${head} Worst: ${worst.join('; ')}.` : head;
}
