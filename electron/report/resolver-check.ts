import type { Check } from '../../shared/domain-report';
import type { MxRoute } from '../../shared/mx';
import { check } from './check';

/**
 * When the resolver's answer cannot be believed, every record looked up through it is
 * suspect: the report says so and checks nothing else, rather than tell the domain's owner to
 * publish records that may well be there.
 */
export function resolverCheck(route: MxRoute): Check {
  return check(
    'dns.resolver',
    'mx',
    'DNS resolver',
    'fail',
    route.reason ?? `The DNS resolver's answer about ${route.domain} cannot be trusted.`,
    {
      hint: `Point MXray at DNS servers that answer (Settings → DNS, or --dns) and check ${route.domain} again. Nothing here is about ${route.domain} itself.`,
      evidence: route.resolver ? [`DNS asked: ${route.resolver}`] : [],
    },
  );
}

export const resolverSummary = (domain: string, doubt: string) =>
  `${domain} cannot be checked: ${doubt}. The fault is in the resolver, not in ${domain}.`;
