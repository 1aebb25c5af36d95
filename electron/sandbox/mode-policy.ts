import { isLoopbackHost } from '../../shared/loopback';
import { isSandboxDomain, SANDBOX_SUFFIX } from '../../shared/sandbox';
import type { Mode } from '../../shared/settings';
import type { Routing } from '../dns/routing';
import type { Sandbox } from './sandbox';

/** What a real domain gets in sandbox mode: why, and how to switch. */
export function realDomainRefusal(domain: string): string {
  return (
    `${domain} is not a sandbox domain. MXray is in Sandbox mode, which delivers only to ` +
    `*.${SANDBOX_SUFFIX} on this machine; switch to Internet mode in Settings to send to real domains.`
  );
}

/**
 * The mode gate, the one place Sandbox mode is enforced: routing through the sandbox. Its
 * domains get its routes (never DNS, in either mode); other domains get DNS only in Internet
 * mode; a relay only on loopback in Sandbox mode (Sandbox mode sends nothing off the machine).
 * `noSandbox` says what to do when none is running.
 */
export function sandboxRouting(
  sandbox: Sandbox | null,
  mode: () => Mode,
  noSandbox = 'the sandbox is not running',
): Pick<Routing, 'local' | 'refuse' | 'refuseRelay'> {
  return {
    local: (domain) => sandbox?.route(domain) ?? null,
    refuse: (domain) => {
      if (isSandboxDomain(domain)) return `${domain} is a sandbox domain, and ${noSandbox}.`;
      return mode() === 'sandbox' ? realDomainRefusal(domain) : null;
    },
    refuseRelay: (host) =>
      mode() === 'sandbox' && !isLoopbackHost(host)
        ? `Sandbox mode sends nothing off this machine: the relay ${host} needs Internet mode (Settings → Mode).`
        : null,
  };
}
