import type { ReactNode } from 'react';

interface ReportTableProps {
  /** Column headings; `num` right-aligns a column of figures. */
  columns: (string | { label: string; num: true })[];
  /** e.g. mr-auth, mr-rules: how a narrow pane stacks its rows. */
  className?: string;
  /** The rows. */
  children: ReactNode;
}

/** One of the report's tables: scrolls inside its box, rows stack in a narrow pane. */
export function ReportTable({ columns, className, children }: ReportTableProps) {
  return (
    <div className="mr-table-wrap">
      <table className={`mr-table${className ? ` ${className}` : ''}`}>
        <thead>
          <tr>
            {columns.map((c) =>
              typeof c === 'string' ? (
                <th key={c} scope="col">
                  {c}
                </th>
              ) : (
                <th key={c.label} scope="col" className="num">
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
