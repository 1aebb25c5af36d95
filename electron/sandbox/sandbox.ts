import type { MxRoute } from '../../shared/mx';
import {
  type ChaosKnobs,
  ChaosPatch,
  isSandboxDomain,
  knobConflicts,
  type SandboxInfo,
  type Scenario,
} from '../../shared/sandbox';
import { normaliseDomain } from '../dns/mx-route';
import { selfSignedCert } from '../smtp/self-signed-cert';
import type { InboxStore } from './inbox-store';
import { type RunningHost, startScenarioHost } from './scenario-server';
import { NO_CHAOS, SCENARIOS, type ScenarioSpec } from './scenarios';

export class SandboxError extends Error {
  constructor(
    message: string,
    /** Knob problems by field ("rejectText"), for the form to show next to each. */
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

interface Running {
  spec: ScenarioSpec;
  knobs: ChaosKnobs;
  hosts: RunningHost[];
}

export interface SandboxOptions {
  inbox: InboxStore;
  /** For the reject-rate knob; tests pass their own. */
  random?: () => number;
}

/**
 * The embedded MX servers: one smtp-server per scenario host on 127.0.0.1, each on a port of
 * its own, reached through sandbox routes that never touch DNS. Knobs change at run time.
 */
export class Sandbox {
  private readonly listeners = new Set<(scenario: Scenario) => void>();
  private closed = false;

  private constructor(
    private readonly scenarios: Map<string, Running>,
    readonly inbox: InboxStore,
  ) {}

  static async start(options: SandboxOptions): Promise<Sandbox> {
    const names = SCENARIOS.flatMap((s) => s.hosts.map((h) => h.name));
    const tls = await selfSignedCert(names);
    const scenarios = new Map<string, Running>();
    const sandbox = new Sandbox(scenarios, options.inbox);
    try {
      for (const spec of SCENARIOS) {
        const running: Running = { spec, knobs: { ...NO_CHAOS, ...spec.knobs }, hosts: [] };
        scenarios.set(spec.domain, running);
        for (const host of spec.hosts) {
          running.hosts.push(
            await startScenarioHost({
              scenario: spec.domain,
              spec: host,
              knobs: () => running.knobs,
              tls,
              random: options.random,
              onMessage: async (message) => (await options.inbox.add(message)).id,
            }),
          );
        }
      }
    } catch (error) {
      await sandbox.close();
      throw error;
    }
    return sandbox;
  }

  info(): SandboxInfo {
    return {
      running: !this.closed,
      scenarios: [...this.scenarios.values()].map((r) => this.view(r)),
      inboxCount: this.inbox.count,
    };
  }

  /** The route for a sandbox domain; null for any other domain (it is not ours to answer). */
  route(domainInput: string): MxRoute | null {
    const domain = normaliseDomain(domainInput) ?? domainInput.toLowerCase();
    if (!isSandboxDomain(domain)) return null;
    const running = this.scenarios.get(domain);
    const route = (kind: MxRoute['kind'], reason: string | null): MxRoute => ({
      domain,
      kind,
      hosts: [],
      warnings: [],
      reason,
    });
    if (!running) {
      const known = [...this.scenarios.keys()].join(', ');
      return route('nxdomain', `${domain} is not a sandbox domain; the sandbox has ${known}.`);
    }
    if (running.spec.hosts.length === 0)
      return route('null', `${domain} publishes a null MX (RFC 7505): it accepts no mail.`);
    if (this.closed) return route('temp-fail', 'The sandbox is not running.');
    return {
      ...route('mx', null),
      hosts: running.spec.hosts.map((h, i) => ({
        host: h.name,
        preference: h.preference,
        addresses: [running.hosts[i]?.address ?? '127.0.0.1'],
        skipped: null,
        port: running.hosts[i]?.port,
      })),
    };
  }

  scenario(domain: string): Scenario {
    const running = this.scenarios.get(domain.toLowerCase());
    if (!running) throw new SandboxError(`${domain} is not a sandbox scenario.`);
    return this.view(running);
  }

  /** Change a scenario's knobs; the next connection or command sees them. */
  setKnobs(domain: string, patch: ChaosPatch): Scenario {
    const running = this.scenarios.get(domain.toLowerCase());
    if (!running) throw new SandboxError(`${domain} is not a sandbox scenario.`);
    const parsed = ChaosPatch.safeParse(patch);
    if (!parsed.success) throw new SandboxError(parsed.error.issues[0]?.message ?? 'Bad knobs.');
    const knobs = { ...running.knobs, ...parsed.data };
    const conflicts = knobConflicts(knobs, Object.keys(parsed.data));
    if (conflicts[0]) throw new SandboxError(conflicts[0].message, conflicts);
    running.knobs = knobs;
    const view = this.view(running);
    for (const listener of this.listeners) listener(view);
    return view;
  }

  /** Back to the scenario's own knobs. */
  resetKnobs(domain: string): Scenario {
    const running = this.scenarios.get(domain.toLowerCase());
    if (!running) throw new SandboxError(`${domain} is not a sandbox scenario.`);
    return this.setKnobs(domain, { ...NO_CHAOS, ...running.spec.knobs });
  }

  onKnobsChanged(listener: (scenario: Scenario) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connections the scenario's hosts accepted so far. */
  connections(domain: string): number {
    return (this.scenarios.get(domain)?.hosts ?? []).reduce((n, h) => n + h.connections(), 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.scenarios.values()].flatMap((r) => r.hosts.map((h) => h.close())));
  }

  private view(running: Running): Scenario {
    const { spec } = running;
    return {
      domain: spec.domain,
      title: spec.title,
      description: spec.description,
      nullMx: spec.hosts.length === 0,
      knobs: { ...running.knobs },
      hosts: spec.hosts.map((h, i) => ({
        host: h.name,
        preference: h.preference,
        address: running.hosts[i]?.address ?? '127.0.0.1',
        port: running.hosts[i]?.port ?? 0,
        behaviour: h.behaviour,
      })),
    };
  }
}
