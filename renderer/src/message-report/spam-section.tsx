import type { SpamVerdict } from '../../../shared/spam';
import { navigate } from '../shell/use-route';
import { ReportTable } from './report-table';

/** spamd's score against its threshold and every rule that hit; or plainly why there is none. */
export function SpamSection({ spam }: { spam: SpamVerdict }) {
  return (
    <section className="mr-section" aria-label="Spam score">
      <div className="section-head">
        <h3>Spam score</h3>
        {spam.status !== 'not-configured' && (
          <span className="section-note">SpamAssassin spamd at {spam.server}</span>
        )}
      </div>
      {spam.status === 'not-configured' && (
        <p className="section-empty" data-testid="spam-score">
          Not configured: no spam filter was asked.{' '}
          <button type="button" className="link-button" onClick={() => navigate('settings')}>
            Set a spamd in Settings → Spam filter
          </button>
        </p>
      )}
      {spam.status === 'error' && (
        <p className="section-empty tone-fail" data-testid="spam-score">
          Not scored: {spam.error}
        </p>
      )}
      {spam.status === 'scored' && (
        <>
          <p
            className={`mr-spam tone-${spam.isSpam ? 'fail' : 'ok'}`}
            data-testid="spam-score"
            data-spam={spam.isSpam}
          >
            <strong>{spam.score.toFixed(1)}</strong>
            <span>
              {' '}
              of threshold {spam.threshold.toFixed(1)}:{' '}
              {spam.isSpam ? 'spamd calls it spam' : 'spamd calls it not spam'}
            </span>
          </p>
          {spam.rules.length === 0 ? (
            <p className="section-empty">No rule hit.</p>
          ) : (
            <ReportTable
              columns={[{ label: 'Points', num: true }, 'Rule', 'What it means']}
              className="mr-rules"
            >
              {spam.rules.map((r) => (
                <tr key={r.name} data-rule={r.name}>
                  <td className={`num mono tone-${r.score > 0 ? 'fail' : 'ok'}`}>
                    {r.score > 0 ? '+' : ''}
                    {r.score.toFixed(1)}
                  </td>
                  <th scope="row" className="mono">
                    {r.name}
                  </th>
                  <td>{r.description}</td>
                </tr>
              ))}
            </ReportTable>
          )}
        </>
      )}
    </section>
  );
}
