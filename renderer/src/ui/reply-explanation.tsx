import type { ReplyExplanation } from '../../../shared/reply-explanations';
import { setDomainPrefill } from '../domain/domain-prefill';
import { navigate } from '../shell/use-route';

/** The provider of the generic rules (greylisting, SPF, DMARC, blocklists in any MTA's words). */
const GENERIC = 'Any server';

/** Explanations about the sender's own setup, which the Domain page checks: SPF, DKIM, DMARC, PTR, blocklists. */
const domainMatters = /\b(?:SPF|DKIM|DMARC|blocklist|block list|reverse DNS|PTR)\b/i;

/** Does the Domain page check what this explanation is about? */
export function domainCheckRelevant(explanation: ReplyExplanation): boolean {
  return (
    explanation.list !== undefined ||
    domainMatters.test(`${explanation.meaning} ${explanation.action}`)
  );
}

/** A documentation link: opens in the browser (Electron's main sends it to the system browser). */
function External({ href, children }: { href: string; children: string }) {
  return (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
      <span aria-hidden="true"> ↗</span>
    </a>
  );
}

interface ExplanationProps {
  explanation: ReplyExplanation;
  /** The domain the refused mail went to and the sender's, for the Domain page's form. */
  check?: { domain: string; senderDomain: string } | null;
}

/**
 * What a refusal means at the provider that sent it, and what to do: led by the provider's
 * name, with its documentation, the blocklist and its delisting page, and the Domain check.
 */
export function ReplyExplanationBlock({ explanation: e, check }: ExplanationProps) {
  return (
    <div className="explained" data-testid="reply-explanation">
      <p className="explained-meaning">
        <strong>{e.provider}:</strong> {e.meaning}
      </p>
      <p className="explained-action">
        <span className="explained-label">What to do:</span> {e.action}
      </p>
      {e.list && (
        <p className="explained-list">
          <span className="explained-label">Blocklist:</span> <span className="mono">{e.list}</span>
          {e.delist && (
            <>
              {' · '}
              <External href={e.delist}>Delisting page</External>
            </>
          )}
        </p>
      )}
      <div className="explained-links">
        <External href={e.url}>
          {e.provider === GENERIC ? 'Documentation' : `${e.provider} documentation`}
        </External>
        {check && domainCheckRelevant(e) && (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setDomainPrefill(check);
              navigate('domain');
            }}
          >
            Check {check.senderDomain || check.domain} on the Domain page
          </button>
        )}
      </div>
    </div>
  );
}
