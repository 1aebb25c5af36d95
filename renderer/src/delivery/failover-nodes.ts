import type { MxRoute } from '../../../shared/mx';
import type { OutboxDelivery } from '../../../shared/outbox';
import type { AttemptRecord } from '../../../shared/send';
import type { Phase, PhaseTiming, TranscriptLine } from '../../../shared/smtp';
import { phaseLabel } from '../transcript/phase-label';

/** One address of the route as the failover path draws it. */
export interface RouteNode {
  host: string;
  preference: number | null;
  address: string;
  port: number | null;
  skipped: string | null;
}

/** Where the running session is: which node, and the phase it has reached. */
export interface LiveSpot {
  node: number;
  host: string;
  phase: Phase;
}

export function nodesOf(
  delivery: OutboxDelivery,
  route: MxRoute | null,
  attempts: AttemptRecord[],
): RouteNode[] {
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
  const nodes: RouteNode[] = (route?.hosts ?? []).flatMap((h): RouteNode[] =>
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
function currentNode(nodes: RouteNode[], attempts: AttemptRecord[]): number {
  const last = attempts.at(-1);
  if (!last || !/trying MX/.test(last.reason)) return 0;
  const at = nodes.findIndex((n) => n.address === last.ip && n.host === last.host);
  return Math.min(nodes.length - 1, at + 1);
}

/**
 * Where a sending delivery's session is now, for every pane to say the same: the node the
 * failover path highlights, and the phase whose reply it awaits — that of the last command it
 * sent (under PIPELINING, DATA while RCPT's replies still arrive), the greeting once connected,
 * else connect. Null when nothing runs.
 */
export function liveSpot(
  nodes: RouteNode[],
  attempts: AttemptRecord[],
  sending: boolean,
  live: { lines: TranscriptLine[]; timings: PhaseTiming[] } | undefined,
): LiveSpot | null {
  if (!sending || !nodes.length) return null;
  const node = currentNode(nodes, attempts);
  // The running sessions' lines: those of attempts not yet on the record, near the end.
  const ended = new Set(attempts.map((a) => a.n));
  const lines = live?.lines ?? [];
  let phase: Phase | null = null;
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 200) && phase === null; i--) {
    const line = lines[i];
    if (line && !ended.has(line.attempt) && line.dir === 'out') phase = line.phase;
  }
  phase ??= live?.timings.some((t) => t.phase === 'connect') ? 'banner' : 'connect';
  return { node, host: nodes[node]?.host ?? '', phase };
}

/** What the session is doing at `phase`, in the words the MX card and the recipient row share. */
export function spotWords(phase: Phase): string {
  if (phase === 'connect') return 'dialling';
  if (phase === 'banner') return 'waiting for the greeting';
  if (phase === 'body') return 'sending the message';
  return `waiting for the ${phaseLabel(phase)} reply`;
}
