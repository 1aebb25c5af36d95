import type { VerifyResult } from './verify';

/** One CSV line into fields: commas, and double quotes with "" inside. */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}

/** A list of addresses, or a CSV: the "email" (or "address") column if it has one, else the first. */
export function addressesFromText(text: string): string[] {
  // "# " starts a comment; "#x@y" is a valid address and stays.
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !/^#\s/.test(l.trim()));
  const head = csvFields(lines[0] ?? '').map((f) => f.toLowerCase());
  // "email", "E-mail Address" (Outlook), "E-mail 1 - Value" (Google), "address".
  const column = head.findIndex((f) => /e-?mail/.test(f) || f === 'address');
  const rows = column >= 0 ? lines.slice(1) : lines;
  return rows.map((l) => csvFields(l)[Math.max(0, column)] ?? '').filter(Boolean);
}

/** A cell a spreadsheet would run as a formula starts with ' instead (CSV injection). */
const quote = (value: string) => {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

export function toCsv(results: VerifyResult[]): string {
  const rows = results.map((r) =>
    [
      r.address,
      r.verdict,
      r.reason,
      r.catchAll === null ? '' : String(r.catchAll),
      r.reply ? `${r.reply.code} ${r.reply.text.split('\n')[0]}` : '',
      r.mx ?? '',
    ]
      .map(quote)
      .join(','),
  );
  return `${['address', 'verdict', 'reason', 'catch_all', 'reply', 'mx'].join(',')}\n${rows.join('\n')}\n`;
}
