import type { EhloInfo } from '../../../shared/domain-report';

/** "SIZE 35 MB", "SIZE 9.8 MB", "SIZE 512 KB": the limit as people say it. */
export function sizeLimit(n: number): string {
  if (n === 0) return 'SIZE (no limit)';
  const units: [number, string][] = [
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  for (const [unit, name] of units) {
    if (n >= unit) {
      const v = n / unit;
      return `SIZE ${v >= 10 ? Math.round(v) : Number(v.toFixed(1))} ${name}`;
    }
  }
  return `SIZE ${n} B`;
}

type Chip = { name: string; label: string; offered: boolean };

function chipsOf(e: EhloInfo): Chip[] {
  return [
    { name: 'PIPELINING', label: 'PIPELINING', offered: e.pipelining },
    { name: 'SIZE', label: e.size === null ? 'SIZE' : sizeLimit(e.size), offered: e.size !== null },
    { name: '8BITMIME', label: '8BITMIME', offered: e.eightBitMime },
    { name: 'SMTPUTF8', label: 'SMTPUTF8', offered: e.smtpUtf8 },
    { name: 'STARTTLS', label: 'STARTTLS', offered: e.startTls },
    { name: 'CHUNKING', label: 'CHUNKING', offered: e.chunking },
    { name: 'DSN', label: 'DSN', offered: e.dsn },
    { name: 'REQUIRETLS', label: 'REQUIRETLS', offered: e.requireTls },
  ];
}

/** What the server offers after EHLO: present ones filled, absent ones struck through. */
export function EhloChips({ ehlo }: { ehlo: EhloInfo | null }) {
  if (!ehlo) return <span className="cell-muted">—</span>;
  if (ehlo.helo)
    return (
      <span
        className="cap-chip cap-helo"
        title="EHLO was refused; the server was greeted with HELO"
      >
        HELO only
      </span>
    );
  return (
    <ul className="cap-chips" aria-label="EHLO capabilities">
      {chipsOf(ehlo).map((c) => (
        <li
          key={c.name}
          className={c.offered ? 'cap-chip cap-on' : 'cap-chip cap-off'}
          data-offered={c.offered}
          title={`${c.name} ${c.offered ? 'offered' : 'not offered'}`}
        >
          {c.label}
        </li>
      ))}
    </ul>
  );
}
