import type { MxRoute } from '../../../shared/mx';
import type { OutboxDelivery } from '../../../shared/outbox';
import type { AttemptRecord } from '../../../shared/send';
import { ms } from '../ui/format';
import { type LiveSpot, type RouteNode, spotWords } from './failover-nodes';
import { raceFacts } from './race-facts';

interface FailoverPathProps {
  delivery: OutboxDelivery;
  route: MxRoute | null;
  nodes: RouteNode[];
  attempts: AttemptRecord[];
  spot: LiveSpot | null;
  sending: boolean;
  selected: number | null;
  onSelect(attempt: number | null): void;
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
  abandoned: 'abandoned',
};

const glyph = (outcome: string) =>
  outcome === 'accepted' || outcome === 'quit-after'
    ? '✓'
    : outcome === 'deferred'
      ? '◔'
      : outcome === 'abandoned'
        ? '⇉'
        : '✕';
/** An abandoned attempt lost a race: it says nothing about its server, so it is muted. */
const tone = (outcome: string) =>
  outcome === 'accepted' || outcome === 'quit-after'
    ? 'ok'
    : outcome === 'deferred' || outcome === 'uncertain'
      ? 'warn'
      : outcome === 'abandoned'
        ? 'muted'
        : 'fail';

/**
 * The domain's MX hosts in preference order, each address with what every attempt there
 * ended in and why MXray moved on; the node being dialled is highlighted as it happens.
 */
export function FailoverPath({
  delivery,
  route,
  nodes,
  attempts,
  spot,
  sending,
  selected,
  onSelect,
}: FailoverPathProps) {
  const live = spot?.node ?? -1;
  const headline = routeHeadline(delivery, route, sending);
  const races = raceFacts(attempts);
  const winners = new Set(races.flatMap((r) => (r.winner === null ? [] : [r.winner])));
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
      {races.map((race) => (
        <p key={race.raced.join(',')} className="failover-race" data-testid="race-headline">
          <span className="race-mark" aria-hidden="true">
            ⇉
          </span>{' '}
          {race.headline}
        </p>
      ))}
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
                {i === live && spot && (
                  <div className="node-live" data-phase={spot.phase}>
                    {spotWords(spot.phase)}…
                  </div>
                )}
                {here.map((a) => (
                  <button
                    type="button"
                    key={a.n}
                    className={`node-attempt tone-${tone(a.outcome)}${winners.has(a.n) ? ' winner' : ''}${selected === a.n ? ' selected' : ''}`}
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
                    {winners.has(a.n) && <span className="node-winner">greeted first</span>}
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
