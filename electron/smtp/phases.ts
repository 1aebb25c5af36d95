import * as cmd from './commands';
import type { PhaseFn, QuitAfter, ReplyPhase, SessionPlan } from './phase-state';
import { afterTls, auth, banner, ehlo, helo, starttls } from './phases-greeting';
import { body, data, mail, rcpt, rset } from './phases-transaction';

export * from './phase-state';
export { afterTls };

/**
 * The phase functions, by the phase whose reply they handle: the greeting, EHLO/HELO, STARTTLS
 * and AUTH in phases-greeting.ts; MAIL, RCPT, DATA, the body and RSET in phases-transaction.ts.
 * Pure: no socket, no clock. Given a reply and the state, each says what to send next.
 */
export const phases: Record<ReplyPhase, PhaseFn> = {
  banner,
  ehlo,
  helo,
  starttls,
  auth,
  mail,
  rcpt,
  data,
  body,
  rset,
};

const EARLY_STOPS: (QuitAfter | null)[] = ['connect', 'banner', 'ehlo', 'starttls', 'auth'];

/**
 * Check everything that will go on the wire before connecting, so bad input (a CR/LF in the
 * HELO name or an address, no recipient) is refused with a sentence and nothing is sent.
 */
export function validatePlan(plan: SessionPlan): void {
  if (validPlans.has(plan)) return; // one plan often serves many sessions (MX failover, --repeat)
  cmd.ehlo(plan.heloName);
  if (plan.auth) cmd.authPlain(plan.auth.user, plan.auth.pass);
  if (plan.transactions.length === 0 && !EARLY_STOPS.includes(plan.quitAfter)) {
    throw new cmd.CommandArgumentError('There is nothing to send: no transaction was given.');
  }
  for (const tx of plan.transactions) {
    cmd.mailFrom(tx.mailFrom);
    if (tx.rcptTo.length === 0)
      throw new cmd.CommandArgumentError('A message needs at least one recipient.');
    for (const to of tx.rcptTo) cmd.rcptTo(to);
  }
  validPlans.add(plan);
}

const validPlans = new WeakSet<SessionPlan>();
