/**
 * What another page asks the Domain form to start with (the "Check … on the Domain page" of
 * an explained refusal): read by the next form that mounts, then cleared.
 */
let pending: { domain: string; senderDomain: string } | null = null;

export function setDomainPrefill(prefill: { domain: string; senderDomain: string }): void {
  pending = prefill;
}

export function peekDomainPrefill(): { domain: string; senderDomain: string } | null {
  return pending;
}

export function clearDomainPrefill(): void {
  pending = null;
}
