import { Fragment, useState } from 'react';
import type { DomainReport, MxProbe } from '../../../shared/domain-report';
import { Skeleton } from '../ui/skeleton';
import { EhloChips } from './ehlo-chips';
import { CertCell, ReachCell, ReverseDnsCell, TlsCell } from './mx-cells';
import { ProbeDetail } from './probe-detail';

const COLUMNS = [
  'MX',
  'Address',
  'Reachable',
  'Banner host',
  'EHLO',
  'STARTTLS',
  'Certificate',
  'Reverse DNS',
];
const keyOf = (p: MxProbe) => `${p.host}|${p.address}|${p.port}`;

/** One row per MX address: what a connection, EHLO and STARTTLS showed; expand for more. */
export function MxMatrix({ report }: { report: DomainReport }) {
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const toggle = (key: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  return (
    <section className="mx-matrix" aria-label="MX health">
      <div className="section-head">
        <h3>MX servers</h3>
        {report.route?.kind === 'implicit' && (
          <span className="section-note">
            No MX records: the domain's own address (implicit MX)
          </span>
        )}
      </div>
      {report.probes.length === 0 ? (
        report.done || report.route ? (
          <p className="section-empty">
            No MX address to probe{report.route?.reason ? `: ${report.route.reason}` : '.'}
          </p>
        ) : (
          <Skeleton rows={3} />
        )
      ) : (
        <div className="mx-table-wrap">
          <table className="mx-table">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.probes.map((probe) => {
                const key = keyOf(probe);
                const expanded = open.has(key);
                return (
                  <Fragment key={key}>
                    <ProbeRow probe={probe} expanded={expanded} onToggle={() => toggle(key)} />
                    {expanded && (
                      <tr className="mx-detail-row">
                        <td colSpan={COLUMNS.length}>
                          <ProbeDetail probe={probe} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ProbeRow(props: { probe: MxProbe; expanded: boolean; onToggle(): void }) {
  const { probe, expanded, onToggle } = props;
  const pending = probe.state === 'pending';
  return (
    <tr
      className={`mx-row${expanded ? ' expanded' : ''}${probe.reachable === false ? ' unreachable' : ''}`}
      data-testid="mx-row"
      data-state={probe.state}
      onClick={onToggle}
    >
      <td>
        <button
          type="button"
          className="mx-toggle"
          aria-expanded={expanded}
          aria-label={`Details for ${probe.host} (${probe.address})`}
          onClick={(e) => {
            e.stopPropagation();
            onToggle();
          }}
        >
          {expanded ? '▾' : '▸'}
        </button>
        <span className="mono mx-host">{probe.host}</span>
        {probe.preference !== null && <span className="mx-pref">pref {probe.preference}</span>}
      </td>
      <td className="mono">
        {probe.address}
        {probe.port !== 25 && <span className="cell-sub">:{probe.port}</span>}
      </td>
      {pending ? (
        <td colSpan={COLUMNS.length - 2}>
          <Skeleton rows={1} />
        </td>
      ) : (
        <>
          <td className="cell-reach">
            <ReachCell probe={probe} />
          </td>
          <td>
            {probe.bannerHost ? (
              <span className="mono">{probe.bannerHost}</span>
            ) : (
              <span className="cell-muted">—</span>
            )}
          </td>
          <td className="cell-caps">
            <EhloChips ehlo={probe.ehlo} />
          </td>
          <td className="cell-tls">
            <TlsCell probe={probe} />
          </td>
          <td>
            <CertCell probe={probe} />
          </td>
          <td>
            <ReverseDnsCell probe={probe} />
          </td>
        </>
      )}
    </tr>
  );
}
