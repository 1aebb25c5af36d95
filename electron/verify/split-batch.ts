import type { VerifyResult } from '../../shared/verify';
import { checkAddress } from './address-syntax';
import { verifyResult } from './verify-result';

export interface Batch {
  /** Each address once, as its result will name it, in the order given. */
  keys: string[];
  /** The inputs to probe (invalid ones too: the verifier answers them on their rows). */
  probe: string[];
  /** The answers for addresses that may not be probed now, one row each. */
  refused: VerifyResult[];
  /** The first refusal, "address: why", or null when none. */
  refusal: string | null;
}

/** An address as results name it: normalised when valid, else as typed. */
export const keyOf = (input: string) => {
  const syntax = checkAddress(input);
  return syntax.ok ? syntax.address : input.trim();
};

/**
 * A run's addresses, split: one that may not be probed (Sandbox mode and a real domain) gets
 * its own row saying why, and the rest of the run goes ahead.
 */
export function splitBatch(inputs: string[], refuse: (domain: string) => string | null): Batch {
  const probe: string[] = [];
  const refused = new Map<string, VerifyResult>();
  let first: string | null = null;
  for (const input of new Set(inputs)) {
    const syntax = checkAddress(input);
    const refusal = syntax.ok ? refuse(syntax.domain) : null;
    if (!syntax.ok || !refusal) probe.push(input);
    else if (!refused.has(syntax.address)) {
      first ??= `${input.trim()}: ${refusal}`;
      refused.set(
        syntax.address,
        verifyResult(syntax.address, 'unknown', `not verified: ${refusal}`, {
          notProbed: 'refused',
        }),
      );
    }
  }
  return {
    keys: [...new Set(inputs.map(keyOf))],
    probe,
    refused: [...refused.values()],
    refusal: first,
  };
}
