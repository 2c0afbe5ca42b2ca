import { useState, type ReactNode } from 'react';
import { MCP_FORM_RULES, ORGANISATION_FORM_LABELS } from '@atscale/domain';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Details } from '../../components/details';
import { LazyHorizontalBarChart } from '../../components/lazy-charts';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryList } from '../../components/summary-list';
import { WideTable } from '../../components/wide-table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatPence } from '../../format/format';
import { Link } from '../../router/link';
import { usePermission } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import {
  fetchMcpYear,
  fetchMcpYears,
  MCP_WHAT_IF_PATH,
  type McpBudgetYear,
  type McpYearSummary,
} from './mcp-budget-api';
import { McpYearForm } from './mcp-year-form';
import { budgetBars, partyBars, percentOfBp, varianceRows } from './mcp-budget-figures';

/** An amount kept on one line, signed when asked. */
const money = (pence: number, signed = false) => (
  <span className="nhsuk-u-nowrap">
    {signed && pence > 0 ? '+' : ''}
    {formatPence(pence)}
  </span>
);

/**
 * MCP finance (POP-2), the year view: the whole population budget by contributor, the top
 * slice into the quality pool and what each metric earned back, actual spend against budget and
 * each party's outcome of the gain/loss share. Aggregates only.
 */
export function McpYearPage() {
  useDocumentTitle('MCP budget');
  const years = useApi('mcp-years', fetchMcpYears);
  // Only central finance (and the organisation's administrators) may set a year.
  const manage = usePermission('mcp-budget:manage', null);
  const [saved, setSaved] = useState<{ version: number; year: McpBudgetYear } | null>(null);
  if (years.state.status === 'loading') return <LoadingPage />;
  if (years.state.status === 'error') {
    if (years.state.httpStatus === 403) return <PermissionDeniedPage what="the MCP budget" />;
    return <ServiceUnavailablePage detail={years.state.detail} />;
  }
  return (
    <>
      {saved ? (
        <SuccessBanner key={saved.version}>
          Saved the MCP budget for {saved.year.label}
        </SuccessBanner>
      ) : null}
      <YearChooser
        // A new chooser after each save, on the year saved, so its list and figures are fresh.
        key={saved?.version ?? 0}
        years={years.state.data}
        {...(saved ? { initialYear: saved.year.financialYear } : {})}
        {...(manage
          ? {
              editor: (year: McpBudgetYear | null) => (
                <Details summary={year ? 'Change this year or set another' : 'Set a year’s budget'}>
                  <McpYearForm
                    key={year?.financialYear ?? 'new'}
                    year={year}
                    onSaved={(savedYear) => {
                      void years.reload().then(() => {
                        setSaved((previous) => ({
                          version: (previous?.version ?? 0) + 1,
                          year: savedYear,
                        }));
                      });
                    }}
                  />
                </Details>
              ),
            }
          : {})}
      />
    </>
  );
}

/** The years to choose from, and the chosen one. */
export function YearChooser({
  years,
  title = 'MCP budget',
  back = { to: '/population', text: 'Back to population' },
  show = (year) => <YearView year={year} />,
  initialYear,
  editor,
}: {
  years: readonly McpYearSummary[];
  title?: string;
  back?: { to: string; text: string };
  show?: (year: McpBudgetYear) => ReactNode;
  /** The year to show first; the latest without it. */
  initialYear?: number;
  /** A form to set a year, starting from the one on show (null when none is set yet). */
  editor?: (year: McpBudgetYear | null) => ReactNode;
}) {
  const [chosen, setChosen] = useState(initialYear ?? years[0]?.financialYear ?? null);
  const year = useApi(`mcp-year ${String(chosen)}`, () =>
    chosen === null ? Promise.resolve(null) : fetchMcpYear(chosen),
  );
  return (
    <>
      <BackLink to={back.to}>{back.text}</BackLink>
      <PageHeading caption="Population">{title}</PageHeading>
      {years.length === 0 ? (
        <p>No MCP budget is set yet. Central finance sets a year’s budget on this page.</p>
      ) : (
        <Select
          id="mcp-year"
          label="Financial year"
          options={years.map((y) => ({ value: String(y.financialYear), label: y.label }))}
          value={String(chosen)}
          onChange={(event) => {
            setChosen(Number(event.target.value));
          }}
        />
      )}
      {year.state.status === 'error' ? (
        <p>{year.state.detail}</p>
      ) : year.state.status === 'done' && year.state.data ? (
        show(year.state.data)
      ) : chosen === null ? null : (
        <p>Loading the year…</p>
      )}
      {/* After the year's figures, which the page is read for; a form to set a year, below. */}
      {editor && (chosen === null || year.state.status === 'done')
        ? editor(year.state.status === 'done' ? year.state.data : null)
        : null}
    </>
  );
}

function YearView({ year }: { year: McpBudgetYear }) {
  const { input, outcome } = year;
  const { settings } = input;
  return (
    <>
      <p className="nhsuk-lede-text">
        {ORGANISATION_FORM_LABELS[settings.form]}: {MCP_FORM_RULES[settings.form].summary}.
      </p>
      <p>
        <Link to={MCP_WHAT_IF_PATH}>Try a what-if</Link> on this year: change the top slice,
        achievement or spend and see each party’s outcome.
      </p>
      <SummaryList
        rows={[
          { key: 'Whole population budget', value: money(outcome.budgetPence) },
          {
            key: 'Top slice into the quality pool',
            value: (
              <>
                {money(outcome.topSlicePence)} ({percentOfBp(settings.topSliceBasisPoints)})
              </>
            ),
          },
          { key: 'Earned back', value: money(outcome.earnedBackPence) },
          {
            key: 'Not earned back (stays with the commissioners)',
            value: money(outcome.unearnedPence),
          },
          { key: 'Actual spend', value: money(outcome.actualPence) },
          {
            key: 'Budget less actual',
            value: (
              <>
                {money(outcome.variancePence, true)}{' '}
                {outcome.variancePence >= 0 ? '(underspend)' : '(overspend)'}
              </>
            ),
          },
          {
            key: 'Gain/loss share',
            value: `Provider ${percentOfBp(settings.providerGainShareBasisPoints)} of gains, ${percentOfBp(settings.providerLossShareBasisPoints)} of losses${outcome.capApplied ? '; its cap applied' : ''}`,
          },
        ]}
      />
      <h2>Budget by contributor</h2>
      <LazyHorizontalBarChart
        caption={`The ${year.label} budget by contributor, in whole pounds: historic spend uplifted by ${percentOfBp(settings.upliftBasisPoints)}. The table below gives the exact figures.`}
        data={budgetBars(outcome)}
      />
      <WideTable
        caption="Actual spend against budget"
        head={['Contributor', 'Budget', 'Actual', 'Budget less actual']}
        rows={varianceRows(outcome).map((row) => ({
          key: row.contributor,
          cells: [
            row.label,
            money(row.budgetPence),
            money(row.actualPence),
            money(row.variancePence, true),
          ],
        }))}
      />
      <WideTable
        caption="Quality metrics and earn-back"
        head={['Metric', 'Target', 'Achieved', 'Weight', 'Part of pool', 'Earned back']}
        rows={outcome.metrics.map((m, i) => {
          const metric = input.metrics[i];
          return {
            key: m.key,
            cells: [
              m.name +
                (metric?.source === 'frailty-care-plans' ? ' (from the frailty register)' : ''),
              metric ? String(metric.target) : '',
              metric?.achieved === null || metric === undefined
                ? 'Not known'
                : String(metric.achieved),
              metric ? `${String(metric.weightPercent)}%` : '',
              money(m.poolPence),
              money(m.earnedPence),
            ],
          };
        })}
      />
      <h2>Each party’s outcome</h2>
      <p>
        Gain (+) or loss (−) against the budget: the provider’s share of the variance, less the pool
        it did not earn back; the commissioners’ share and the unearned pool, split between
        contributors by their part of the budget. They add up to the budget less actual spend.
      </p>
      <LazyHorizontalBarChart
        caption={`Each party’s outcome in ${year.label}, in whole pounds; the table gives the exact figures.`}
        data={partyBars(outcome)}
      />
      <WideTable
        caption="Outcome by party"
        head={['Party', 'Outcome']}
        rows={outcome.parties.map((p) => ({
          key: p.party,
          cells: [p.label, money(p.outcomePence, true)],
        }))}
      />
    </>
  );
}
