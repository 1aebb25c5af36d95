import { randomUUID } from 'node:crypto';
import type { DomainReport, ReportStart } from '../../shared/domain-report';
import type { EventHub } from '../rpc/event-hub';
import { UserError } from '../rpc/user-error';
import { type ReportContext, runReport } from './domain-report';
import { parseReportDomain } from './report-request';

/** Reports kept for report.get; older ones are forgotten first. */
export const RECENT_REPORTS = 20;

export interface ReportRegistryContext extends ReportContext {
  /** Why this domain may not be checked now (Sandbox mode and a real domain), or null. */
  refuse(domain: string): string | null;
}

interface Entry {
  report: DomainReport;
  abort: AbortController;
}

/** Domain reports started from the UI: each streams as report.changed events while it runs. */
export class ReportRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly hub: EventHub,
    private readonly context: () => ReportRegistryContext,
  ) {}

  start(request: ReportStart): { id: string; report: DomainReport } {
    const context = this.context();
    const domain = parseReportDomain(request.domain, 'domain');
    if ('error' in domain) throw new UserError('bad-input', domain.error);
    let senderDomain: string | null = null;
    if (request.senderDomain) {
      const sender = parseReportDomain(request.senderDomain, 'sender domain');
      if ('error' in sender) throw new UserError('bad-input', sender.error);
      senderDomain = sender.domain;
    }
    for (const d of [domain.domain, senderDomain]) {
      const refusal = d ? context.refuse(d) : null;
      if (refusal) throw new UserError('refused', `${d}: ${refusal}`);
    }
    const id = randomUUID();
    const abort = new AbortController();
    const entry: Entry = {
      abort,
      report: {
        id,
        domain: domain.domain,
        senderDomain,
        startedAt: new Date().toISOString(),
        endedAt: null,
        done: false,
        route: null,
        probes: [],
        checks: [],
        counts: { ok: 0, warn: 0, fail: 0, na: 0 },
        summary: `Checking ${domain.domain}…`,
      },
    };
    this.entries.set(id, entry);
    for (const old of this.entries.keys()) {
      if (this.entries.size <= RECENT_REPORTS) break;
      this.cancel(old);
      this.entries.delete(old);
    }
    const update = (report: DomainReport) => {
      // A report that stopped on an error stays stopped, whatever lookups still come back.
      if (entry.report.done) return;
      entry.report = report;
      this.hub.emit('report.changed', { report });
    };
    runReport({ id, domain: domain.domain, senderDomain }, context, update, abort.signal).catch(
      (error) => {
        console.error('MXray: a domain report failed', error);
        update({
          ...entry.report,
          done: true,
          endedAt: new Date().toISOString(),
          summary: `The check stopped: ${(error as Error).message}`,
        });
      },
    );
    return { id, report: entry.report };
  }

  get(id: string): DomainReport | null {
    return this.entries.get(id)?.report ?? null;
  }

  /** Stops the probes still running; the report finishes with what it has. */
  cancel(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry || entry.report.done) return false;
    entry.abort.abort();
    return true;
  }
}
