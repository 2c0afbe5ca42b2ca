import { useState } from 'react';
import {
  applyMcpWhatIf,
  computeMcpYear,
  MCP_CONTRIBUTOR_LABELS,
  MCP_FORM_RULES,
  MCP_TOP_SLICE_MAX_BP,
  MCP_TOP_SLICE_MIN_BP,
  parsePounds,
  type McpContributor,
  type McpWhatIf,
} from '@atscale/domain';
import { useApi } from '../../api/use-api';
import { LazyHorizontalBarChart } from '../../components/lazy-charts';
import { SummaryList } from '../../components/summary-list';
import { WideTable } from '../../components/wide-table';
import { TextInput } from '../../components/text-input';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatPence } from '../../format/format';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { fetchMcpYears, MCP_BUDGET_PATH, type McpBudgetYear } from './mcp-budget-api';
import { partyBars, percentOfBp, varianceRows } from './mcp-budget-figures';
import { YearChooser } from './mcp-year-page';

const signed = (pence: number) => (
  <span className="nhsuk-u-nowrap">
    {pence > 0 ? '+' : ''}
    {formatPence(pence)}
  </span>
);

/**
 * MCP finance what-if (POP-2): change the top slice, each metric's achievement and the actual
 * spend, and see each party's outcome at once. It works the year out in the browser with the
 * same domain function the server uses (computeMcpYear), so what is shown here is what the
 * server's what-if would answer; nothing is saved.
 */
export function McpWhatIfPage() {
  useDocumentTitle('MCP budget what-if');
  const years = useApi('mcp-years', fetchMcpYears);
  if (years.state.status === 'loading') return <LoadingPage />;
  if (years.state.status === 'error') {
    if (years.state.httpStatus === 403) return <PermissionDeniedPage what="the MCP budget" />;
    return <ServiceUnavailablePage detail={years.state.detail} />;
  }
  return (
    <YearChooser
      years={years.state.data}
      title="MCP budget what-if"
      back={{ to: MCP_BUDGET_PATH, text: 'Back to the MCP budget' }}
      show={(year) => <WhatIf key={year.financialYear} year={year} />}
    />
  );
}

function WhatIf({ year }: { year: McpBudgetYear }) {
  const { input } = year;
  const [topSlice, setTopSlice] = useState(input.settings.topSliceBasisPoints);
  const [achieved, setAchieved] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      input.metrics.map((m) => [m.key, m.achieved === null ? '' : String(m.achieved)]),
    ),
  );
  const saved = computeMcpYear(input);
  const [actual, setActual] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      varianceRows(saved).map((r) => [r.contributor, (r.actualPence / 100).toFixed(2)]),
    ),
  );

  // Fields that do not read as a number keep the saved value, and say so.
  const actualErrors: Record<string, string> = {};
  const actualPence: Partial<Record<McpContributor, number>> = {};
  for (const [contributor, text] of Object.entries(actual)) {
    const pence = parsePounds(text);
    if (pence === null || pence < 0) actualErrors[contributor] = 'Enter an amount such as 1,234.56';
    else actualPence[contributor as McpContributor] = pence;
  }
  const achievedValues: Record<string, number | null> = {};
  for (const [key, text] of Object.entries(achieved)) {
    const value = text.trim() === '' ? null : Number(text);
    if (value === null || Number.isFinite(value)) achievedValues[key] = value;
  }
  const whatIf: McpWhatIf = {
    topSliceBasisPoints: topSlice,
    achieved: achievedValues,
    actualPence,
  };
  const outcome = computeMcpYear(applyMcpWhatIf(input, whatIf));
  const sliced = MCP_FORM_RULES[input.settings.form].topSlice;

  return (
    <>
      <p>
        Saved for {year.label}: top slice {percentOfBp(input.settings.topSliceBasisPoints)}, earned
        back {formatPence(saved.earnedBackPence)}, provider{' '}
        {formatPence(saved.parties[0]?.outcomePence ?? 0)}. Nothing here is saved.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
        }}
      >
        {sliced ? (
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="mcp-top-slice">
              Top slice: {percentOfBp(topSlice)} of the budget
            </label>
            <div className="nhsuk-hint" id="mcp-top-slice-hint">
              2.5% to 4% (source 001: the budget is “top sliced (2.5-4%)”)
            </div>
            <input
              className="nhsuk-input"
              id="mcp-top-slice"
              type="range"
              min={MCP_TOP_SLICE_MIN_BP}
              max={MCP_TOP_SLICE_MAX_BP}
              step={5}
              value={topSlice}
              aria-describedby="mcp-top-slice-hint"
              onChange={(event) => {
                setTopSlice(Number(event.target.value));
              }}
            />
          </div>
        ) : (
          <p>The virtual form has no single budget, so no top slice and no quality pool.</p>
        )}
        {sliced
          ? input.metrics.map((m) => (
              <TextInput
                key={m.key}
                id={`mcp-achieved-${m.key}`}
                label={`${m.name}: achieved`}
                hint={`Target ${String(m.target)}, nothing earned ${m.direction === 'higher-is-better' ? 'at or below' : 'at or above'} ${String(m.floor)}${m.source === 'frailty-care-plans' ? '; worked out from the frailty register' : ''}`}
                inputMode="decimal"
                className="nhsuk-input--width-5"
                value={achieved[m.key] ?? ''}
                onChange={(event) => {
                  setAchieved({ ...achieved, [m.key]: event.target.value });
                }}
              />
            ))
          : null}
        {Object.keys(actual).map((contributor) => (
          <TextInput
            key={contributor}
            id={`mcp-actual-${contributor}`}
            label={`Actual spend: ${MCP_CONTRIBUTOR_LABELS[contributor as McpContributor]} (£)`}
            inputMode="decimal"
            className="nhsuk-input--width-10"
            value={actual[contributor] ?? ''}
            {...(actualErrors[contributor] ? { error: actualErrors[contributor] } : {})}
            onChange={(event) => {
              setActual({ ...actual, [contributor]: event.target.value });
            }}
          />
        ))}
      </form>
      <h2>Outcome</h2>
      <SummaryList
        rows={[
          { key: 'Budget', value: formatPence(outcome.budgetPence) },
          { key: 'Quality pool', value: formatPence(outcome.poolPence) },
          { key: 'Earned back', value: formatPence(outcome.earnedBackPence) },
          { key: 'Budget less actual', value: signed(outcome.variancePence) },
          {
            key: 'Provider’s share of it',
            value: (
              <>
                {signed(outcome.providerVariancePence)}
                {outcome.capApplied ? ' (capped)' : ''}
              </>
            ),
          },
        ]}
      />
      <LazyHorizontalBarChart
        caption="Each party’s outcome with these changes, in whole pounds; the table gives the exact figures."
        data={partyBars(outcome)}
      />
      <WideTable
        caption="Outcome by party"
        head={['Party', 'Saved', 'With these changes']}
        rows={outcome.parties.map((p) => ({
          key: p.party,
          cells: [
            p.label,
            signed(saved.parties.find((s) => s.party === p.party)?.outcomePence ?? 0),
            signed(p.outcomePence),
          ],
        }))}
      />
    </>
  );
}
