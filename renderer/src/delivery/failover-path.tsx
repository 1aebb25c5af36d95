import type { MxRoute } from '../../../shared/mx';
import type { OutboxDelivery } from '../../../shared/outbox';
import type { AttemptRecord } from '../../../shared/send';
import { ms } from '../ui/format';

interface FailoverPathProps {
  delivery: OutboxDelivery;
  route: MxRoute | null;
  attempts: AttemptRecord[];
  sending: boolean;
  selected: number | null;
  onSelect(attempt: number | null): void;
}

interface Node {
  host: string;
  preference: number | null;
  address: string;
  port: number | null;
  skipped: string | null;
}

const short: Record<string, string> = {
  'connect-refused': 'refused',
  'connect-timeout': 'timeout',
  'connect-failed': 'unreachable',
  'banner-timeout': 'no banner',
  'tls-failed': 'TLS failed',
  'connection-lost': 'dropped',
  'protocol-error': 'not SMTP',
  timeout: 'timeout',
  uncertain: 'no reply',
  cancelled: 'cancelled',
};

const glyph = (outcome: string) =>
  outcome === 'accepted' || outcome === 'quit-after' ? '✓' : outcome === 'deferred' ? '◔' : '✕';
const tone = (outcome: string) =>
  outcome === 'accepted' || outcome === 'quit-after'
    ? 'ok'
    : outcome === 'deferred' || outcome === 'uncertain'
      ? 'warn'
      : 'fail';

function nodesOf(
  delivery: OutboxDelivery,
  route: MxRoute | null,
  attempts: AttemptRecord[],
): Node[] {
  if (delivery.routeKind === 'server') {
    const a = attempts[0];
    const [host = '', port = ''] = (delivery.server ?? '').split(/:(?=\d+$)/);
    return [
      {
        host: a?.host ?? host,
        preference: null,
        address: a?.ip ?? host,
        port: Number(port) || null,
        skipped: null,
      },
    ];
  }
  const nodes: Node[] = (route?.hosts ?? []).flatMap((h): Node[] =>
    h.addresses.length
      ? h.addresses.map((address) => ({
          host: h.host,
          preference: h.preference,
          address,
          port: h.port ?? null,
          skipped: null,
        }))
      : [{ host: h.host, preference: h.preference, address: '—', port: null, skipped: h.skipped }],
  );
  // Attempts at addresses the current route no longer lists (DNS changed) still show.
  for (const a of attempts) {
    if (!nodes.some((n) => n.address === a.ip && n.host === a.host))
      nodes.push({
        host: a.host,
        preference: a.preference,
        address: a.ip,
        port: a.port,
        skipped: null,
      });
  }
  return nodes;
}

/** Which node is being dialled now: after one that said "trying MX …", else the first. */
function currentNode(nodes: Node[], attempts: AttemptRecord[]): number {
  const last = attempts.at(-1);
  if (!last || !/trying MX/.test(last.reason)) return 0;
  const at = nodes.findIndex((n) => n.address === last.ip && n.host === last.host);
  return Math.min(nodes.length - 1, at + 1);
}

/**
 * The domain's MX hosts in preference order, each address with what every attempt there
 * ended in and why MXray moved on; the node being dialled is highlighted as it happens.
 */
export function FailoverPath({
  delivery,
  route,
  attempts,
  sending,
  selected,
  onSelect,
}: FailoverPathProps) {
  const nodes = nodesOf(delivery, route, attempts);
  const live = sending ? currentNode(nodes, attempts) : -1;
  const headline = routeHeadline(delivery, route, sending);
  return (
    <section className="failover" aria-label="Failover path">
      <div className="section-head">
        <h3>Failover path</h3>
        {headline && <span className="section-note">{headline}</span>}
        {selected !== null && (
          <button type="button" className="button button-small" onClick={() => onSelect(null)}>
            Show all attempts
          </button>
        )}
      </div>
      {nodes.length > 0 && (
        <ol className="failover-nodes">
          {nodes.map((node, i) => {
            const here = attempts.filter((a) => a.ip === node.address && a.host === node.host);
            const last = here.at(-1);
            return (
              <li
                key={`${node.host}|${node.address}`}
                className={`failover-node${i === live ? ' live' : ''}${last ? ` tone-${tone(last.outcome)}` : ''}${node.skipped ? ' skipped' : ''}`}
                aria-current={i === live ? 'step' : undefined}
                data-testid="failover-node"
              >
                <div className="node-head">
                  <span className="node-pref">
                    {node.preference === null ? 'relay' : `MX ${node.preference}`}
                  </span>
                  <span className="node-host mono">{node.host}</span>
                </div>
                <div className="node-addr mono">
                  {node.address}
                  {node.port ? `:${node.port}` : ''}
                </div>
                {node.skipped && <div className="node-reason">{node.skipped}</div>}
                {i === live && <div className="node-live">dialling…</div>}
                {here.map((a) => (
                  <button
                    type="button"
                    key={a.n}
                    className={`node-attempt tone-${tone(a.outcome)}${selected === a.n ? ' selected' : ''}`}
                    onClick={() => onSelect(selected === a.n ? null : a.n)}
                    title={a.reason}
                  >
                    <span className="node-glyph">{glyph(a.outcome)}</span>
                    <span>#{a.n}</span>
                    <span className="node-outcome">
                      {a.reply ? a.reply.code : (short[a.outcome] ?? a.outcome)}
                    </span>
                    <span className="node-time">
                      {ms(Date.parse(a.endedAt) - Date.parse(a.startedAt))}
                    </span>
                    {a.tlsDowngrade && (
                      <span
                        className="node-downgrade"
                        title={`STARTTLS failed (${a.tlsDowngrade}); this attempt went on without TLS`}
                      >
                        no TLS
                      </span>
                    )}
                  </button>
                ))}
                {last && <div className="node-reason">{last.reason}</div>}
              </li>
            );
          })}
        </ol>
      )}
      {delivery.warnings.map((w) => (
        <p key={w} className="failover-warning">
          {w}
        </p>
      ))}
    </section>
  );
}

function routeHeadline(
  delivery: OutboxDelivery,
  route: MxRoute | null,
  sending: boolean,
): string | null {
  if (delivery.routeKind === 'server')
    return `Through the relay ${delivery.server ?? ''}, no MX lookup`;
  if (!route) return sending ? `Resolving MX for ${delivery.domain ?? ''}…` : 'Not resolved yet';
  if (route.kind === 'mx')
    return `${route.hosts.length} MX host${route.hosts.length === 1 ? '' : 's'} for ${route.domain}, in preference order`;
  if (route.kind === 'implicit') return `No MX — using the address record of ${route.domain}`;
  return route.reason;
}
