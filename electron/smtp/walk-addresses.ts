import type { MxTarget } from '../dns/mx-targets';

/**
 * Walk a route's addresses in order (Postfix's smtp_connect): `attempt` one, then go on to the
 * next only while `goOn` says so (trouble.ts decides, the caller adds its own reasons: a cancel,
 * a verdict not yet on disk, an answer already had). `attempt` is told which address comes
 * next, so it can say so in its record. Delivery and verify share this; returns the last
 * attempt made, or null when none was.
 */
export async function walkAddresses<R>(
  targets: readonly MxTarget[],
  attempt: (target: MxTarget, next: MxTarget | undefined) => Promise<R>,
  goOn: (result: R, next: MxTarget) => boolean | Promise<boolean>,
): Promise<{ result: R; target: MxTarget } | null> {
  let last: { result: R; target: MxTarget } | null = null;
  for (const [i, target] of targets.entries()) {
    const next = targets[i + 1];
    last = { result: await attempt(target, next), target };
    if (!next || !(await goOn(last.result, next))) break;
  }
  return last;
}
