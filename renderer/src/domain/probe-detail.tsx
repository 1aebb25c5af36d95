import type { MxProbe } from '../../../shared/domain-report';
import { TranscriptView } from '../transcript/transcript-view';

/** The expanded row: the banner, every EHLO keyword, the certificate in full, the transcript. */
export function ProbeDetail({ probe }: { probe: MxProbe }) {
  const c = probe.certificate;
  const facts: [string, string][] = [
    ['Banner', probe.banner ?? '—'],
    ['EHLO name', probe.ehlo?.name || '—'],
    ['EHLO keywords', probe.ehlo?.keywords.join(' ') || '—'],
  ];
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
      <dl className="probe-facts">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className="mono">{v}</dd>
          </div>
        ))}
      </dl>
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
