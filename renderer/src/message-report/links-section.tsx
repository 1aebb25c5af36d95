import type { LinkCheck, LinksSection as Links } from '../../../shared/message-report';
import { counted } from '../../../shared/plural';
import { ms } from '../ui/format';
import { ReportTable } from './report-table';

const VERDICT_WORD = { ok: 'ok', warn: 'warning', fail: 'failed', na: 'n/a' } as const;
const VERDICT_TONE = { ok: 'ok', warn: 'warn', fail: 'fail', na: 'muted' } as const;

function CheckResult({ check }: { check: LinkCheck | undefined }) {
  if (!check) return <span className="mr-sub">not checked</span>;
  const hops = check.redirects.length;
  return (
    <>
      <span className={`badge badge-${VERDICT_TONE[check.verdict]} mr-result`}>
        {check.status ?? VERDICT_WORD[check.verdict]}
      </span>{' '}
      <span className="mr-sub">
        {[
          hops > 0 && `after ${counted(hops, 'redirect')} to ${check.finalUrl}`,
          check.tlsError,
          check.error,
          check.ms !== null && ms(check.ms),
        ]
          .filter(Boolean)
          .join(' · ')}
      </span>
    </>
  );
}

/** Every link and image URL in the message; checked over HTTP only when asked, in Internet mode. */
export function LinksSection({ links }: { links: Links }) {
  return (
    <section className="mr-section" aria-label="Links and images">
      <div className="section-head">
        <h3>Links and images</h3>
        <span className="section-note">{counted(links.items.length, 'URL')}</span>
      </div>
      {links.reason && <p className="section-note">{links.reason}</p>}
      {links.items.length === 0 ? (
        <p className="section-empty">The message has no links or images.</p>
      ) : (
        <ReportTable columns={['Kind', 'URL', 'Result']} className="mr-links">
          {links.items.map((l) => (
            <tr key={`${l.kind}|${l.url}`} data-url={l.url}>
              <td>{l.kind === 'image' ? 'image' : 'link'}</td>
              <th scope="row">
                <span className="mono mr-url">{l.url}</span>
                {l.text && <span className="mr-sub"> “{l.text}”</span>}
              </th>
              <td>
                <CheckResult check={links.checks?.find((c) => c.url === l.url)} />
              </td>
            </tr>
          ))}
        </ReportTable>
      )}
    </section>
  );
}
