import net from 'node:net';
import { isSandboxDomain, SANDBOX_SUFFIX } from '../../shared/sandbox';
import type { SendRequest } from '../../shared/send';
import type { Mode } from '../../shared/settings';
import type { DeliveryJob } from '../delivery/delivery-job';
import { domainOfAddress } from '../dns/mx-route';
import type { Routing } from '../dns/routing';
import type { Sandbox } from './sandbox';

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return net.isIPv4(h) && h.startsWith('127.');
}

/** What a real domain gets in sandbox mode: why, and how to switch. */
export function realDomainRefusal(domain: string): string {
  return (
    `${domain} is not a sandbox domain. MXray is in Sandbox mode, which delivers only to ` +
    `*.${SANDBOX_SUFFIX} on this machine; switch to Internet mode in Settings to send to real domains.`
  );
}

/**
 * Why this request may not go out in this mode, or null when it may. Sandbox mode sends
 * nothing off the machine: sandbox domains, and relays on loopback, only. Checked before a
 * message is queued, so a refusal loses nothing and dials nothing.
 */
export function modeRefusal(request: SendRequest, mode: Mode): string | null {
  const { route } = request;
  return refusal(route.kind === 'server' ? route.server.host : null, request.envelope.rcptTo, mode);
}

/** The same question at every attempt: a relay queued in Internet mode is held in Sandbox mode. */
export function jobRefusal(job: DeliveryJob, mode: Mode): string | null {
  return refusal(job.route.kind === 'server' ? job.route.host : null, job.recipients, mode);
}

function refusal(relay: string | null, recipients: string[], mode: Mode): string | null {
  if (mode !== 'sandbox') return null;
  if (relay !== null) {
    return isLoopback(relay)
      ? null
      : `Sandbox mode sends nothing off this machine: the relay ${relay} needs Internet mode (Settings → Mode).`;
  }
  const real = recipients.find((a) => !isSandboxDomain(domainOfAddress(a)));
  return real ? `${real}: ${realDomainRefusal(domainOfAddress(real))}` : null;
}

/**
 * Routing through the sandbox: its domains get its routes (never DNS, in either mode); other
 * domains get DNS only in Internet mode. `noSandbox` says what to do when none is running.
 */
export function sandboxRouting(
  sandbox: Sandbox | null,
  mode: () => Mode,
  noSandbox = 'the sandbox is not running',
): Pick<Routing, 'local' | 'refuse'> {
  return {
    local: (domain) => sandbox?.route(domain) ?? null,
    refuse: (domain) => {
      if (isSandboxDomain(domain)) return `${domain} is a sandbox domain, and ${noSandbox}.`;
      return mode() === 'sandbox' ? realDomainRefusal(domain) : null;
    },
  };
}
