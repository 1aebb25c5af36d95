import { explainReply } from '../../../shared/reply-explanations';
import type { Verdict, VerifyResult } from '../../../shared/verify';
import { Countdown } from '../delivery/countdown';
import type { Tone } from '../outbox/delivery-status';
import { StatusBadge } from '../outbox/status-badge';

export const verdicts: { verdict: Verdict; tone: Tone }[] = [
  { verdict: 'deliverable', tone: 'ok' },
  { verdict: 'undeliverable', tone: 'fail' },
  { verdict: 'risky', tone: 'warn' },
  { verdict: 'unknown', tone: 'muted' },
];
const toneOf = (v: Verdict) => verdicts.find((x) => x.verdict === v)?.tone ?? 'muted';

/**
 * One address, on the row it was given: "checking" until its result arrives, so rows never
 * move. An address that was never asked (invalid, or refused now) says why as an error.
 */
export function VerifyRow({
  address,
  result,
  selected,
  onSelect,
}: {
  address: string;
  result: VerifyResult | null;
  selected: boolean;
  onSelect: (address: string) => void;
}) {
  // The provider's reading of the reply; the selected address shows what to do, with links.
  const explanation = result?.reply ? explainReply(result.reply) : null;
  return (
    <tr
      className={selected ? 'selected' : undefined}
      onClick={() => result && onSelect(address)}
      data-testid="verify-row"
      data-state={result ? 'done' : 'pending'}
    >
      <td className="mono">
        {result ? (
          <button type="button" className="link-button" onClick={() => onSelect(address)}>
            {address}
          </button>
        ) : (
          address
        )}
      </td>
      <td>
        {result ? (
          <StatusBadge label={result.verdict} tone={toneOf(result.verdict)} />
        ) : (
          <StatusBadge label="checking" tone="accent" />
        )}
        {result?.nextAttemptAt && result.verdict === 'unknown' && (
          <Countdown nextAttemptAt={result.nextAttemptAt} since={null} compact />
        )}
      </td>
      <td
        className={result?.notProbed ? 'verify-not-probed' : undefined}
        data-not-probed={result?.notProbed ?? undefined}
      >
        {result?.reason ?? '…'}
        {explanation && (
          <div className="verify-explained" data-testid="verify-explained">
            {explanation.provider}: {explanation.meaning}
          </div>
        )}
      </td>
      <td data-label="Catch-all">
        {result?.catchAll == null ? '—' : result.catchAll ? 'yes' : 'no'}
      </td>
      <td className="mono" data-label="MX">
        {result?.mx ?? '—'}
      </td>
    </tr>
  );
}
