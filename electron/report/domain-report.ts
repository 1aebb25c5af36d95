import type { Check, DomainReport, MxProbe } from '../../shared/domain-report';
import type { MxRoute } from '../../shared/mx';
import type { TlsDetails } from '../../shared/smtp';
import { SMTP_PORT, targetsOf } from '../dns/mx-targets';
import type { DnsClient } from '../dns/resolver';
import type { ResolveRoute } from '../dns/routing';
import type { Timeouts } from '../smtp/timeouts';
import { certificateInfo } from './certificate';
import { check } from './check';
import { daneCheck, type TlsaFacts, tlsaFacts } from './dane';
import { type BlocklistOptions, checkBlocklists } from './dnsbl';
import { type MtaStsFacts, mtaStsChecks, mtaStsFacts, mxMatches } from './mta-sts';
import { mxRecordChecks, reachabilityCheck } from './mx-checks';
import { pendingProbe, runProbe } from './mx-probe';
import { resolverCheck, resolverSummary } from './resolver-check';
import { reverseDns } from './reverse-dns';
import { type SenderFacts, senderChecks, senderFacts } from './sender-checks';
import { sendingIpChecks, sendingIpUnknownCheck, statedSendingIp } from './sending-ip-check';
import { serverChecks, type TlsDemand } from './server-checks';
import { countsOf, summaryOf } from './summary';
import { type TlsRptFacts, tlsRptCheck, tlsRptFacts } from './tls-rpt';

/** A report looks at every MX address, not only the few a delivery would try. */
export const REPORT_ROUTE = { addressLimit: 64 };

export interface ReportContext {
  resolve: ResolveRoute;
  dns: DnsClient;
  /** Sandbox domains have no DNS records of their own: only their servers are probed. */
  isLocal(domain: string): boolean;
  helo: string;
  timeouts?: Partial<Timeouts>;
  /** Port of the MX hosts (25) unless the route says otherwise. */
  port?: number;
  /** Extra certificate authorities for probes and the MTA-STS fetch (tests, private CAs). */
  ca?: string[];
  mtaStsPort?: number;
  /** The blocklists asked about the sending IP and the sender domain, their timeout and how
   * many at once (default: the well-known public lists, 5 s each, 4 at once). */
  blocklists?: BlocklistOptions;
}

/** Everything learnt so far; the checks are derived from it afresh at every step. */
interface Facts {
  route: MxRoute | null;
  probes: MxProbe[];
  tls: (TlsDetails | null)[];
  mtaSts: MtaStsFacts | null;
  tlsRpt: TlsRptFacts | null;
  tlsa: Map<string, TlsaFacts>;
  sender: SenderFacts | null;
  /** The sender domain against the domain blocklists (DBL). */
  senderBlocklists: Check[] | null;
  /** The sending IP a server stated: its PTR, FCrDNS, HELO match and IP blocklists. */
  sendingIp: Check[] | null;
}

const usableTlsa = (f: TlsaFacts | undefined) =>
  f !== undefined && !('error' in f) && f.records.some((r) => r.usage === 2 || r.usage === 3);

function demandFor(host: string, facts: Facts): TlsDemand {
  const policy = facts.mtaSts?.policy;
  if (policy?.mode === 'enforce' && (policy.mx ?? []).some((p) => mxMatches(host, p)))
    return { required: true, why: 'MTA-STS (enforce)' };
  if (usableTlsa(facts.tlsa.get(host))) return { required: true, why: 'DANE' };
  return { required: false, why: null };
}

function checksOf(
  domain: string,
  senderDomain: string | null,
  local: { domain: boolean; sender: boolean },
  f: Facts,
): Check[] {
  if (f.route?.resolverDoubt) return [resolverCheck(f.route)];
  const checks: Check[] = [];
  if (f.route) checks.push(...mxRecordChecks(f.route));
  const probesDone = f.route !== null && f.probes.every((p) => p.state === 'done');
  if (probesDone) checks.push(reachabilityCheck(f.probes));
  for (const p of f.probes) {
    if (p.state !== 'done') continue;
    checks.push(...serverChecks(p, demandFor(p.host, f)));
  }
  if (local.domain) {
    checks.push(
      check(
        'policy.sandbox',
        'policy',
        'DNS policies',
        'na',
        `${domain} is a sandbox domain: it has no MTA-STS, TLS-RPT, DANE or reverse DNS records to check.`,
      ),
    );
  } else {
    const hosts = f.route?.hosts.filter((h) => h.addresses.length).map((h) => h.host) ?? [];
    if (f.mtaSts && f.route) checks.push(...mtaStsChecks(domain, f.mtaSts, hosts));
    const daneKnown = hosts.every((h) => f.tlsa.has(h));
    if (f.tlsRpt && f.mtaSts && daneKnown) {
      const tlsPolicy = f.mtaSts.policy !== null || hosts.some((h) => usableTlsa(f.tlsa.get(h)));
      checks.push(tlsRptCheck(domain, f.tlsRpt, tlsPolicy));
    }
    for (const host of hosts) {
      const tlsa = f.tlsa.get(host);
      const mine = f.probes.flatMap((p, i) =>
        p.host === host ? [{ probe: p, tls: f.tls[i] ?? null }] : [],
      );
      if (tlsa && mine.every((m) => m.probe.state === 'done'))
        checks.push(daneCheck(host, mine[0]?.probe.port ?? SMTP_PORT, tlsa, mine));
    }
  }
  if (senderDomain && f.sender) checks.push(...senderChecks(senderDomain, f.sender));
  if (senderDomain && f.senderBlocklists) checks.push(...f.senderBlocklists);
  if (senderDomain && local.sender)
    checks.push(
      check(
        'sender.sandbox',
        'sender',
        'SPF and DMARC',
        'na',
        `${senderDomain} is a sandbox domain: it has no SPF or DMARC records.`,
      ),
    );
  if (!local.domain) {
    if (f.sendingIp) checks.push(...f.sendingIp);
    else if (probesDone && !f.probes.some((p) => p.clientAddress))
      checks.push(sendingIpUnknownCheck(f.probes.length));
  }
  return checks;
}

/**
 * Check a domain the way an administrator would by hand (dig, openssl s_client, swaks): route
 * and MX records, every MX address probed in parallel up to STARTTLS (no mail sent), MTA-STS,
 * TLS-RPT, DANE, the sender domain's SPF, DMARC and domain blocklists, and the sending IP a
 * server states (PTR, FCrDNS, HELO match, IP blocklists). `onChange` sees the report grow.
 */
export async function runReport(
  base: { id: string; domain: string; senderDomain: string | null },
  ctx: ReportContext,
  onChange: (report: DomainReport) => void,
  signal?: AbortSignal,
): Promise<DomainReport> {
  const { domain, senderDomain } = base;
  const local = ctx.isLocal(domain);
  const senderLocal = senderDomain !== null && ctx.isLocal(senderDomain);
  const startedAt = new Date().toISOString();
  const f: Facts = {
    route: null,
    probes: [],
    tls: [],
    mtaSts: null,
    tlsRpt: null,
    tlsa: new Map(),
    sender: null,
    senderBlocklists: null,
    sendingIp: null,
  };
  let done = false;
  const snapshot = (): DomainReport => {
    const checks = checksOf(domain, senderDomain, { domain: local, sender: senderLocal }, f);
    return {
      ...base,
      startedAt,
      endedAt: done ? new Date().toISOString() : null,
      done,
      route: f.route,
      probes: f.probes.map((p) => ({ ...p })),
      checks,
      counts: countsOf(checks),
      summary:
        done && f.route?.resolverDoubt
          ? resolverSummary(domain, f.route.resolverDoubt)
          : summaryOf(domain, checks, done),
    };
  };
  const changed = () => onChange(snapshot());

  // The sending IP, checked once: from the first probe whose server states it.
  let sendingIp: Promise<void> | null = null;
  const checkSendingIp = () => {
    if (local || sendingIp) return;
    const stated = statedSendingIp(f.probes);
    if (!stated) return;
    sendingIp = Promise.all([
      sendingIpChecks(stated, ctx.helo, ctx.dns),
      checkBlocklists({ ip: stated.address }, ctx.dns, ctx.blocklists),
    ]).then(([ipChecks, lists]) => {
      f.sendingIp = [...ipChecks, ...lists.checks];
      changed();
    });
  };

  const servers = (async () => {
    f.route = await ctx.resolve(domain);
    const targets = targetsOf(f.route, ctx.port ?? SMTP_PORT).map(({ ip, ...t }) => ({
      ...t,
      address: ip,
    }));
    f.probes = targets.map(pendingProbe);
    f.tls = targets.map(() => null);
    changed();
    const hosts = [...new Set(targets.map((t) => t.host))];
    await Promise.all([
      ...targets.map(async (t, i) => {
        const [{ probe, result }, rdns] = await Promise.all([
          runProbe(t, { helo: ctx.helo, timeouts: ctx.timeouts, ca: ctx.ca }, signal),
          local ? Promise.resolve(null) : reverseDns(ctx.dns, t.address),
        ]);
        f.tls[i] = result.tls;
        f.probes[i] = {
          ...probe,
          state: 'done',
          certificate: result.tls ? certificateInfo(result.tls, t.host) : null,
          reverseDns: rdns,
        };
        checkSendingIp();
        changed();
      }),
      ...(local ? [] : hosts).map(async (host) => {
        const port = targets.find((t) => t.host === host)?.port ?? SMTP_PORT;
        f.tlsa.set(host, await tlsaFacts(ctx.dns, host, port));
        changed();
      }),
    ]);
    await sendingIp;
  })();
  const policies = local
    ? Promise.resolve()
    : Promise.all([
        mtaStsFacts(domain, ctx.dns, { ca: ctx.ca, port: ctx.mtaStsPort }).then((m) => {
          f.mtaSts = m;
          changed();
        }),
        tlsRptFacts(domain, ctx.dns).then((t) => {
          f.tlsRpt = t;
          changed();
        }),
      ]);
  const sender =
    senderDomain && !senderLocal
      ? Promise.all([
          senderFacts(senderDomain, ctx.dns).then((s) => {
            f.sender = s;
            changed();
          }),
          checkBlocklists({ domain: senderDomain }, ctx.dns, ctx.blocklists).then((b) => {
            f.senderBlocklists = b.checks;
            changed();
          }),
        ])
      : Promise.resolve();
  await Promise.all([servers, policies, sender]);
  done = true;
  const report = snapshot();
  onChange(report);
  return report;
}
