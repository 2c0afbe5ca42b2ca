import type { ReactNode } from 'react';

/** Props for {@link Table}. */
export interface TableProps {
  caption: string;
  /** Column headings. */
  head: readonly string[];
  /** Rows of cells, each with a stable key. */
  rows: readonly { key: string; cells: readonly ReactNode[] }[];
}

/** An NHS.UK table with a caption and column headers. */
export function Table({ caption, head, rows }: TableProps) {
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption nhsuk-table__caption--m">{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {head.map((heading) => (
            <th className="nhsuk-table__header" scope="col" key={heading}>
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((row) => (
          <tr className="nhsuk-table__row" key={row.key}>
            {row.cells.map((cell, index) => (
              <td className="nhsuk-table__cell" key={head[index] ?? index}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
