import type { Authentication, AuthResult, DkimSignature } from '../../../shared/message-report';
import { AUTH_RESULT_WORD, dnsLine } from '../../../shared/message-report-text';
import type { Tone } from '../outbox/delivery-status';
import { ReportTable } from './report-table';

const RESULT_TONE: Record<AuthResult, Tone> = {
  pass: 'ok',
  fail: 'fail',
  permerror: 'fail',
  policy: 'fail',
  softfail: 'warn',
  neutral: 'warn',
  temperror: 'warn',
  none: 'muted',
  'not-checked': 'muted',
};

function Result({ result }: { result: AuthResult }) {
  return (
    <span className={`badge badge-${RESULT_TONE[result]} mr-result`} data-result={result}>
      {AUTH_RESULT_WORD[result]}
    </span>
  );
}

/** A record as found, or a dash: records are long, so they wrap anywhere. */
const Record = ({ value }: { value: string | null }) =>
  value ? <code className="mr-record">{value}</code> : null;

function SignatureRow({ s }: { s: DkimSignature }) {
  const key = s.keyBits ? `${s.keyType === 'ed25519' ? 'Ed25519' : 'RSA'} ${s.keyBits} bits` : null;
  return (
    <tr data-mechanism="dkim" data-result={s.result}>
      <th scope="row">
        DKIM <span className="mr-sub mono">d={s.domain}</span>
        <span className="mr-sub mono">s={s.selector}</span>
      </th>
      <td>
        <Result result={s.result} />
      </td>
      <td>
        <p>
          {s.reason ?? 'The signature verifies.'}{' '}
          {s.result === 'pass' &&
            (s.aligned
              ? `d=${s.domain} aligns with From.`
              : `d=${s.domain} does not align with From.`)}
        </p>
        <p className="mr-sub">
          {[s.algorithm, s.canonicalization, key].filter(Boolean).join(' · ')}
          {s.signedHeaders.length > 0 && ` · signs ${s.signedHeaders.join(', ')}`}
        </p>
        <Record value={s.record} />
      </td>
    </tr>
  );
}

/** SPF, each DKIM signature, DMARC and ARC: the result, why, and the record it rests on. */
export function AuthSection({ auth }: { auth: Authentication }) {
  const { spf, dkim, dmarc, arc } = auth;
  return (
    <section className="mr-section" aria-label="Authentication">
      <div className="section-head">
        <h3>Authentication</h3>
        <span className="section-note" data-testid="auth-dns">
          {dnsLine(auth)}
        </span>
      </div>
      <ReportTable
        columns={['Mechanism', 'Result', 'Why, and the record it rests on']}
        className="mr-auth"
      >
        <tr data-mechanism="spf" data-result={spf.result}>
          <th scope="row">SPF {spf.domain && <span className="mr-sub mono">{spf.domain}</span>}</th>
          <td>
            <Result result={spf.result} />
          </td>
          <td>
            <p>{spf.reason}</p>
            {(spf.ip || spf.mailFrom !== null || spf.lookups !== null) && (
              <p className="mr-sub">
                {[
                  spf.ip && `IP ${spf.ip}`,
                  spf.helo && `HELO ${spf.helo}`,
                  spf.mailFrom !== null && `MAIL FROM <${spf.mailFrom}>`,
                  spf.lookups !== null && `${spf.lookups} of 10 DNS lookups`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
            )}
            <Record value={spf.record} />
          </td>
        </tr>
        {dkim.signatures.length === 0 && (
          <tr data-mechanism="dkim" data-result={dkim.result}>
            <th scope="row">DKIM</th>
            <td>
              <Result result={dkim.result} />
            </td>
            <td>
              <p>{dkim.reason ?? 'The message carries no DKIM-Signature.'}</p>
            </td>
          </tr>
        )}
        {dkim.signatures.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: two signatures may share d= and s=; the list never reorders
          <SignatureRow key={`${s.domain}|${s.selector}|${i}`} s={s} />
        ))}
        <tr data-mechanism="dmarc" data-result={dmarc.result}>
          <th scope="row">
            DMARC {dmarc.domain && <span className="mr-sub mono">{dmarc.domain}</span>}
          </th>
          <td>
            <Result result={dmarc.result} />
          </td>
          <td>
            <p>{dmarc.reason}</p>
            {dmarc.record && (
              <p className="mr-sub">
                {[
                  dmarc.appliedPolicy && `policy applied: ${dmarc.appliedPolicy}`,
                  dmarc.pct !== null && dmarc.pct !== 100 && `pct=${dmarc.pct}`,
                  `aligned by SPF: ${dmarc.alignment.spf ?? 'no'}`,
                  `by DKIM: ${dmarc.alignment.dkim ?? 'no'}`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
            )}
            <Record value={dmarc.record} />
          </td>
        </tr>
        <tr data-mechanism="arc" data-result={arc.result}>
          <th scope="row">ARC</th>
          <td>
            <Result result={arc.result} />
          </td>
          <td>
            <p>{arc.reason}</p>
          </td>
        </tr>
      </ReportTable>
      {auth.lookups.length > 0 && (
        <details className="check-evidence mr-lookups">
          <summary>DNS lookups ({auth.lookups.length})</summary>
          <pre className="mono">{auth.lookups.join('\n')}</pre>
        </details>
      )}
    </section>
  );
}
