import type { MxProbe } from '../../../shared/domain-report';
import { certificateDays, commonName } from '../../../shared/domain-report-text';
import { ms } from '../ui/format';

/** ✓ or ✕ with a word, coloured: how yes/no facts read throughout the matrix. */
export function Mark({ yes, label, title }: { yes: boolean; label: string; title?: string }) {
  return (
    <span className={yes ? 'mark mark-yes' : 'mark mark-no'} title={title}>
      <span aria-hidden="true">{yes ? '✓' : '✕'}</span> {label}
    </span>
  );
}

/** "CN=mx.example.com, O=…" → "mx.example.com"; anything else as given. */
const cn = (dn: string) => commonName(dn) ?? dn;

export function ReachCell({ probe }: { probe: MxProbe }) {
  if (probe.reachable === null) return <span className="cell-muted">—</span>;
  if (!probe.reachable) return <Mark yes={false} label={probe.failure ?? 'unreachable'} />;
  return (
    <div className="cell-stack">
      <Mark yes label={probe.connectMs !== null ? `connect ${ms(probe.connectMs)}` : 'reachable'} />
      {probe.bannerMs !== null && <span className="cell-sub">banner {ms(probe.bannerMs)}</span>}
      {probe.failure && <span className="cell-warn">{probe.failure}</span>}
    </div>
  );
}

export function TlsCell({ probe }: { probe: MxProbe }) {
  const t = probe.starttls;
  if (!probe.reachable && !t.offered) return <span className="cell-muted">—</span>;
  if (!t.offered) return <span className="cell-warn">not offered</span>;
  if (!t.ok) return <Mark yes={false} label={`failed: ${t.error ?? 'unknown error'}`} />;
  return (
    <div className="cell-stack">
      <Mark yes label={t.protocol ?? 'TLS'} />
      {t.cipher && <span className="cell-sub mono">{t.cipher}</span>}
    </div>
  );
}

export function CertCell({ probe }: { probe: MxProbe }) {
  const c = probe.certificate;
  if (!c) return <span className="cell-muted">—</span>;
  const days = certificateDays(c);
  const daysTone = c.daysLeft < 0 ? 'cell-fail' : c.daysLeft < 14 ? 'cell-warn' : 'cell-sub';
  return (
    <div className="cell-stack" title={`Names: ${c.subjectAltNames.join(', ') || 'none'}`}>
      <span className="mono">{cn(c.subject)}</span>
      <span className="cell-sub">by {cn(c.issuer)}</span>
      <span className={daysTone}>{days}</span>
      <span className="cell-marks">
        <Mark yes={c.chainVerifies} label="chain" title={c.chainError ?? 'The chain verifies'} />
        <Mark yes={c.nameMatches} label="name" />
      </span>
    </div>
  );
}

export function ReverseDnsCell({ probe }: { probe: MxProbe }) {
  const r = probe.reverseDns;
  if (!r) return <span className="cell-muted">—</span>;
  if (!r.names.length) return <span className="cell-warn">{r.error ?? 'no PTR record'}</span>;
  return (
    <div className="cell-stack">
      {r.names.map((n) => (
        <span key={n} className="mono">
          {n}
        </span>
      ))}
      <Mark yes={r.forwardConfirmed} label="FCrDNS" />
    </div>
  );
}
