import type { HtmlCompat } from '../../../shared/message-report';
import { counted } from '../../../shared/plural';
import { ReportTable } from './report-table';

const scoreTone = (score: number) => (score === 100 ? 'ok' : score >= 50 ? 'warn' : 'fail');

/** How the HTML fares per client family (caniemail), then each feature that breaks somewhere. */
export function HtmlSection({ html }: { html: HtmlCompat }) {
  return (
    <section className="mr-section" aria-label="HTML compatibility">
      <div className="section-head">
        <h3>HTML compatibility</h3>
        {html.checked && <span className="section-note">{html.source}</span>}
      </div>
      {!html.checked && <p className="section-empty">Not checked: {html.reason}</p>}
      {html.checked && (
        <>
          <ul className="mr-families">
            {html.families.map((f) => (
              <li
                key={f.family}
                className={`mr-family tone-${scoreTone(f.score)}`}
                data-family={f.family}
                aria-label={`${f.title}: ${f.score} of 100`}
              >
                <span className="mr-family-name">{f.title}</span>
                <span className="mr-meter" aria-hidden="true">
                  <span style={{ width: `${f.score}%` }} />
                </span>
                <strong className="mr-family-score">{f.score}</strong>
                {f.unsupported.length > 0 && (
                  <span className="mr-sub mr-family-missing">no {f.unsupported.join(', ')}</span>
                )}
              </li>
            ))}
          </ul>
          {html.issues.length === 0 ? (
            <p className="section-empty">Every feature the message uses works in every client.</p>
          ) : (
            <ReportTable columns={['Feature', 'Support', 'Clients']}>
              {html.issues.map((i) => (
                <tr
                  key={`${i.feature}|${i.support}`}
                  data-feature={i.feature}
                  data-support={i.support}
                >
                  <th scope="row" className="mono">
                    {i.feature}
                  </th>
                  <td>
                    <span
                      className={`badge badge-${i.support === 'none' ? 'fail' : 'warn'} mr-result`}
                    >
                      {i.support === 'none' ? 'not supported' : 'partly'}
                    </span>
                  </td>
                  <td>
                    <p>
                      {counted(i.clients.length, 'client')}: {i.clients.join(', ')}
                    </p>
                    {i.notes.length > 0 && <p className="mr-sub">{i.notes.join(' ')}</p>}
                  </td>
                </tr>
              ))}
            </ReportTable>
          )}
          {html.notChecked.length > 0 && (
            <p className="section-note">
              Not judged: {html.notChecked.map((n) => `${n.client} (${n.reason})`).join(', ')}
            </p>
          )}
        </>
      )}
    </section>
  );
}
