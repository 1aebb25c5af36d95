import { isLoopbackHost } from '../../../shared/loopback';
import type { Mode } from '../../../shared/settings';
import { type ComposeDraft, defaultRoute, type RouteChoice, withEdit } from './compose-draft';

/** Whether a route can send in a mode: Sandbox mode sends nothing off this machine. */
function sendsIn(route: RouteChoice, relayHost: string, mode: Mode): boolean {
  if (mode === 'internet') return true;
  return route === 'sandbox' || (route === 'relay' && isLoopbackHost(relayHost));
}

/**
 * The draft fitted to a new mode: the route the user picked stays while it can still send
 * (a relay on this machine in Sandbox mode), and comes back with the mode it suits; otherwise
 * the route is the mode's own. Relay host, port and AUTH are kept either way.
 */
export function followMode(draft: ComposeDraft, mode: Mode): ComposeDraft {
  if (draft.mode === mode) return draft;
  const pick = draft.routePick;
  const route = pick && sendsIn(pick, draft.relayHost, mode) ? pick : defaultRoute(mode);
  return { ...withEdit({ ...draft, mode }, 'route', route), routePick: pick };
}
