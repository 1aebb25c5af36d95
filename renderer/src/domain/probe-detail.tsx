import { useState } from 'react';
import type { MxProbe } from '../../../shared/domain-report';
import { opensslCommand } from '../../../shared/openssl-command';
import { TranscriptView } from '../transcript/transcript-view';

/** The same STARTTLS session by hand: openssl s_client for this address, on the clipboard. */
function CopyOpenssl({ probe }: { probe: MxProbe }) {
  const [note, setNote] = useState<string | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(opensslCommand(probe)).then(
      () => setNote('openssl command copied'),
      (e: Error) => setNote(`Could not copy: ${e.message}`),
    );
  return (
    <div className="probe-actions">
      <button type="button" className="button button-small" onClick={copy}>
        Copy openssl s_client
      </button>
      {note && (
        <span className="export-note" role="status">
          {note}
        </span>
      )}
    </div>
  );
}

/** The expanded row: the banner, every EHLO keyword, the certificate in full, the transcript. */
export function ProbeDetail({ probe }: { probe: MxProbe }) {
  const c = probe.certificate;
  const e = probe.ehlo;
  const words = (list: string[] | undefined) => list?.join(' ') || '—';
  const facts: [string, string][] = [
    ['Banner', probe.banner ?? '—'],
    ['EHLO name', e?.name || '—'],
  ];
  // Capabilities before and after STARTTLS side by side: servers may offer more inside TLS.
  if (e?.keywordsBeforeTls)
    facts.push(
      ['EHLO before STARTTLS', words(e.keywordsBeforeTls)],
      ['EHLO after STARTTLS', words(e.keywords)],
    );
  else facts.push(['EHLO keywords', words(e?.keywords)]);
  if (c) {
    facts.push(
      ['Certificate subject', c.subject],
      ['Alternative names', c.subjectAltNames.join(', ') || '—'],
      ['Issuer', c.issuer],
      ['Valid', `${c.notBefore} → ${c.notAfter}`],
      ['Chain', c.chainVerifies ? 'verifies' : `does not verify (${c.chainError ?? 'unknown'})`],
      ['Name', c.nameMatches ? `matches ${probe.host}` : `does not match ${probe.host}`],
    );
  }
  if (probe.reverseDns?.error) facts.push(['Reverse DNS', probe.reverseDns.error]);
  return (
    <div className="probe-detail">
      <div className="probe-side">
        <dl className="probe-facts">
          {facts.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className="mono">{v}</dd>
            </div>
          ))}
        </dl>
        <CopyOpenssl probe={probe} />
      </div>
      <div className="probe-transcript">
        {probe.transcript.length ? (
          <TranscriptView
            lines={probe.transcript}
            version={probe.transcript.length}
            live={probe.state === 'pending'}
          />
        ) : (
          <p className="section-empty">
            {probe.state === 'pending' ? 'Probing…' : 'No session: nothing was said.'}
          </p>
        )}
      </div>
    </div>
  );
}
