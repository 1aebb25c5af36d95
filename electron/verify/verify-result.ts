import type { VerifyResult } from '../../shared/verify';

/** One address's answer, with nothing learnt beyond the verdict and its reason unless given. */
export const verifyResult = (
  address: string,
  verdict: VerifyResult['verdict'],
  reason: string,
  extra: Partial<VerifyResult> = {},
): VerifyResult => ({
  address,
  verdict,
  reason,
  catchAll: null,
  reply: null,
  mx: null,
  role: false,
  nextAttemptAt: null,
  session: null,
  notProbed: null,
  ...extra,
});
