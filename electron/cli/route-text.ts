import type { MxRoute } from '../../shared/mx';

/** A route in lines for people: `mxray mx` and the top of a direct send's transcript. */
export function describeRoute(route: MxRoute): string[] {
  const head = {
    mx: `${route.domain}: ${route.hosts.length} MX host${route.hosts.length === 1 ? '' : 's'}, tried in this order`,
    implicit: `${route.domain}: no MX record; delivering to the domain's own address (implicit MX)`,
    null: `${route.domain}: ${route.reason}`,
    nxdomain: `${route.domain}: ${route.reason}`,
    'no-address': `${route.domain}: ${route.reason}`,
    'temp-fail': `${route.domain}: ${route.reason}`,
  }[route.kind];
  const rows = route.hosts.map((h) => {
    const pref = h.preference === null ? '  -' : String(h.preference).padStart(3);
    const where = h.skipped
      ? `skipped: ${h.skipped}`
      : h.addresses.map((a) => (h.port ? `${a} port ${h.port}` : a)).join(', ');
    return `  ${pref}  ${h.host}  ${where}`;
  });
  const warnings = route.warnings
    .filter((w) => !route.hosts.some((h) => h.skipped === w))
    .map((w) => `  warning: ${w}`);
  return [head, ...rows, ...warnings];
}
