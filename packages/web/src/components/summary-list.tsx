import type { ReactNode } from 'react';

/** One key and value of a {@link SummaryList}. */
export interface SummaryListRow {
  key: string;
  value: ReactNode;
}

/** The NHS.UK summary list: key-value pairs in a definition list. */
export function SummaryList({ rows }: { rows: readonly SummaryListRow[] }) {
  return (
    <dl className="nhsuk-summary-list">
      {rows.map((row) => (
        <div className="nhsuk-summary-list__row" key={row.key}>
          <dt className="nhsuk-summary-list__key">{row.key}</dt>
          <dd className="nhsuk-summary-list__value">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
