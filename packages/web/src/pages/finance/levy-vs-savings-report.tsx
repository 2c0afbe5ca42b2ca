import type { LevyVsSavings } from '../../api/finance';
import { WideTable } from '../../components/wide-table';
import { formatPence } from '../../format/format';
import { LazyComparisonBarChart } from '../access/reports/lazy-comparison-chart';
import { chartPounds } from './finance-figures';

/**
 * Each practice's levy against what the central services saved it (FIN-3), with the
 * organisation's total net benefit: savings less levy, so a positive figure means the levy
 * paid for itself.
 */
export function LevyVsSavingsReport({ report }: { report: LevyVsSavings }) {
  const { total } = report;
  return (
    <>
      <p className="nhsuk-body-l">
        Organisation net benefit: <strong>{formatPence(total.netBenefitPence)}</strong> (savings of{' '}
        {formatPence(total.savingsPence)} against levy of {formatPence(total.levyPence)}).
      </p>
      {report.practices.length > 0 ? (
        <LazyComparisonBarChart
          caption="Savings delivered against levy invoiced per practice, in whole pounds; the table gives the exact figures."
          data={report.practices.map((row) => ({
            label: row.practice.name,
            value: chartPounds(row.savingsPence),
            reference: chartPounds(row.levyPence),
          }))}
          valueName="Savings delivered"
          referenceName="Levy invoiced"
        />
      ) : null}
      <WideTable
        caption="Levy against savings by practice"
        head={['Practice', 'Levy invoiced', 'Levy paid', 'Savings', 'Net benefit']}
        rows={[
          ...report.practices.map((row) => ({
            key: row.practice.id,
            cells: [
              row.practice.name,
              formatPence(row.levyPence),
              formatPence(row.levyPaidPence),
              formatPence(row.savingsPence),
              formatPence(row.netBenefitPence),
            ],
          })),
          {
            key: 'total',
            cells: [
              <strong key="p">Organisation</strong>,
              <strong key="l">{formatPence(total.levyPence)}</strong>,
              <strong key="lp">{formatPence(total.levyPaidPence)}</strong>,
              <strong key="s">{formatPence(total.savingsPence)}</strong>,
              <strong key="n">{formatPence(total.netBenefitPence)}</strong>,
            ],
          },
        ]}
      />
    </>
  );
}
