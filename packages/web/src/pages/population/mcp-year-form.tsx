import { useRef, useState } from 'react';
import {
  MCP_CONTRIBUTOR_LABELS,
  MCP_CONTRIBUTORS,
  MCP_FORMS,
  MCP_MAX_LINES,
  MCP_MAX_METRICS,
  ORGANISATION_FORM_LABELS,
  type McpMetric,
  type McpSpendLine,
} from '@atscale/domain';
import { Button } from '../../components/button';
import { Checkbox } from '../../components/checkbox';
import { ErrorSummary } from '../../components/error-summary';
import { Select } from '../../components/select';
import { TextInput } from '../../components/text-input';
import { useFormSubmission } from '../../forms/use-form-submission';
import { basisPointsToPercent, penceToPoundsField } from '../finance/finance-figures';
import { saveMcpYear, type McpBudgetYear } from './mcp-budget-api';
import { mcpFieldId, readMcpYear, refusedMcpYear } from './mcp-year-form-values';

const id = mcpFieldId;
const percent = (points: number | null | undefined) =>
  points === null || points === undefined
    ? ''
    : points < 0
      ? `-${basisPointsToPercent(-points)}`
      : basisPointsToPercent(points);
const pounds = (pence: number | null | undefined) =>
  pence === null || pence === undefined ? '' : penceToPoundsField(pence);

const contributorChoices = MCP_CONTRIBUTORS.map((c) => ({
  value: c,
  label: MCP_CONTRIBUTOR_LABELS[c],
}));

/** A row of a list in the form: `key` stays with it as rows above are removed. */
interface Row<T> {
  key: number;
  initial: T | null;
}

/**
 * Sets up or changes a year's MCP budget (POP-2) for central finance: every field
 * `PUT /api/mcp-budget/years` takes, money in pounds and rates in per cent. It starts from
 * `year` (the one on show) so a change is an edit; another financial year makes a new year from
 * it. Saving replaces everything the year had; the server checks it and audits it.
 */
export function McpYearForm({
  year,
  onSaved,
}: {
  year: McpBudgetYear | null;
  onSaved: (saved: McpBudgetYear) => void;
}) {
  const input = year?.input ?? null;
  const settings = input?.settings ?? null;
  const next = useRef(0);
  const rowsOf = <T,>(items: readonly T[]): Row<T>[] =>
    items.map((initial) => ({ key: next.current++, initial }));
  const [lines, setLines] = useState<Row<McpSpendLine>[]>(() => rowsOf(input?.lines ?? []));
  const [metrics, setMetrics] = useState<Row<McpMetric>[]>(() => rowsOf(input?.metrics ?? []));
  const formRef = useRef<HTMLFormElement>(null);
  const controls = () =>
    new Set(
      Array.from(formRef.current?.elements ?? [])
        .map((element) => element.id)
        .filter((elementId) => elementId !== ''),
    );
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedMcpYear(controls),
  });

  const handleSubmit = onSubmit((form) => {
    const { body, problems } = readMcpYear(form, lines.length, metrics.length);
    if (body === null) {
      setErrors(problems);
      return;
    }
    void send(async () => {
      onSaved(await saveMcpYear(body));
    });
  });

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate aria-label="Set a year’s MCP budget">
      <ErrorSummary items={errors} />
      <TextInput
        id={id('financialYear')}
        label="Financial year to set"
        hint="By its first calendar year: 2026 is 2026/27. A year already set is replaced."
        className="nhsuk-input--width-4"
        inputMode="numeric"
        defaultValue={year ? String(year.financialYear) : ''}
        error={fieldError(id('financialYear'))}
      />
      <h3>Contract</h3>
      <Select
        id={id('settings/form')}
        label="MCP contract"
        hint="What is in the budget and whether it is top-sliced"
        options={MCP_FORMS.map((f) => ({ value: f, label: ORGANISATION_FORM_LABELS[f] }))}
        defaultValue={settings?.form ?? 'mcp-fully-integrated'}
        error={fieldError(id('settings/form'))}
      />
      <TextInput
        id={id('settings/upliftBasisPoints')}
        label="Uplift on historic spend, per cent"
        hint="Growth from the base year, from -50 to 50; for example 2 for 2%"
        className="nhsuk-input--width-4"
        inputMode="decimal"
        defaultValue={percent(settings?.upliftBasisPoints ?? 0)}
        error={fieldError(id('settings/upliftBasisPoints'))}
      />
      <TextInput
        id={id('settings/topSliceBasisPoints')}
        label="Top slice into the quality pool, per cent"
        hint="2.5 to 4 (source 001: the budget is “top sliced (2.5-4%)”)"
        className="nhsuk-input--width-4"
        inputMode="decimal"
        defaultValue={percent(settings?.topSliceBasisPoints ?? 300)}
        error={fieldError(id('settings/topSliceBasisPoints'))}
      />
      <Select
        id={id('settings/earnBackRule')}
        label="Earn-back rule"
        hint="How achievement between a metric’s floor and its target earns back its part of the pool"
        options={[
          { value: 'linear', label: 'Linear: in proportion from the floor to the target' },
          { value: 'all-or-nothing', label: 'All or nothing: only at the target' },
        ]}
        defaultValue={settings?.earnBackRule ?? 'linear'}
        error={fieldError(id('settings/earnBackRule'))}
      />
      <h3>Gain and loss share</h3>
      <TextInput
        id={id('settings/providerGainShareBasisPoints')}
        label="Provider’s share of an underspend, per cent"
        className="nhsuk-input--width-4"
        inputMode="decimal"
        defaultValue={percent(settings?.providerGainShareBasisPoints ?? 5000)}
        error={fieldError(id('settings/providerGainShareBasisPoints'))}
      />
      <TextInput
        id={id('settings/providerLossShareBasisPoints')}
        label="Provider’s share of an overspend, per cent"
        className="nhsuk-input--width-4"
        inputMode="decimal"
        defaultValue={percent(settings?.providerLossShareBasisPoints ?? 5000)}
        error={fieldError(id('settings/providerLossShareBasisPoints'))}
      />
      <TextInput
        id={id('settings/providerGainCapBasisPoints')}
        label="Cap on the provider’s gain, per cent of the budget (optional)"
        hint="Leave blank for no cap"
        className="nhsuk-input--width-4"
        inputMode="decimal"
        defaultValue={percent(settings?.providerGainCapBasisPoints)}
        error={fieldError(id('settings/providerGainCapBasisPoints'))}
      />
      <TextInput
        id={id('settings/providerGainCapPence')}
        label="Cap on the provider’s gain, in pounds (optional)"
        hint="Leave blank for no cap; with both caps the smaller applies"
        className="nhsuk-input--width-10"
        inputMode="decimal"
        defaultValue={pounds(settings?.providerGainCapPence)}
        error={fieldError(id('settings/providerGainCapPence'))}
      />
      <TextInput
        id={id('settings/providerLossCapBasisPoints')}
        label="Cap on the provider’s loss, per cent of the budget (optional)"
        hint="Leave blank for no cap"
        className="nhsuk-input--width-4"
        inputMode="decimal"
        defaultValue={percent(settings?.providerLossCapBasisPoints)}
        error={fieldError(id('settings/providerLossCapBasisPoints'))}
      />
      <TextInput
        id={id('settings/providerLossCapPence')}
        label="Cap on the provider’s loss, in pounds (optional)"
        hint="Leave blank for no cap; with both caps the smaller applies"
        className="nhsuk-input--width-10"
        inputMode="decimal"
        defaultValue={pounds(settings?.providerLossCapPence)}
        error={fieldError(id('settings/providerLossCapPence'))}
      />

      <h3>Historic spend lines</h3>
      <p>The services the budget is worked out from, each at its spend in its base year.</p>
      {lines.map((row, i) => {
        const at = `lines/${String(i)}`;
        const n = String(i + 1);
        return (
          <fieldset className="nhsuk-fieldset" key={row.key}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
              Spend line {n}
            </legend>
            <Select
              id={id(`${at}/contributor`)}
              label={`Spend line ${n}: contributor`}
              options={contributorChoices}
              defaultValue={row.initial?.contributor ?? 'primary-care'}
              error={fieldError(id(`${at}/contributor`))}
            />
            <TextInput
              id={id(`${at}/serviceLine`)}
              label={`Spend line ${n}: service`}
              hint="For example GP core contract, Home care, Smoking cessation"
              defaultValue={row.initial?.serviceLine ?? ''}
              error={fieldError(id(`${at}/serviceLine`))}
            />
            <TextInput
              id={id(`${at}/baseYear`)}
              label={`Spend line ${n}: base year`}
              hint="The financial year the spend is from, by its first calendar year"
              className="nhsuk-input--width-4"
              inputMode="numeric"
              defaultValue={row.initial ? String(row.initial.baseYear) : ''}
              error={fieldError(id(`${at}/baseYear`))}
            />
            <TextInput
              id={id(`${at}/amountPence`)}
              label={`Spend line ${n}: amount, in pounds`}
              className="nhsuk-input--width-10"
              inputMode="decimal"
              defaultValue={pounds(row.initial?.amountPence)}
              error={fieldError(id(`${at}/amountPence`))}
            />
            <Checkbox
              id={id(`${at}/aligned`)}
              label={`Spend line ${n} is aligned under the alliance agreement`}
              hint="Only a virtual MCP reads this: its gain/loss is shared on aligned services"
              defaultChecked={row.initial?.aligned ?? false}
            />
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                setLines(lines.filter((r) => r.key !== row.key));
              }}
            >
              Remove spend line {n}
            </Button>
          </fieldset>
        );
      })}
      {lines.length < MCP_MAX_LINES ? (
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            setLines([...lines, { key: next.current++, initial: null }]);
          }}
        >
          Add a spend line
        </Button>
      ) : null}

      <h3>Quality metrics</h3>
      <p>The top slice is earned back on these; their weights add up to 100.</p>
      {metrics.map((row, i) => {
        const at = `metrics/${String(i)}`;
        const n = String(i + 1);
        return (
          <fieldset className="nhsuk-fieldset" key={row.key}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Metric {n}</legend>
            <TextInput
              id={id(`${at}/name`)}
              label={`Metric ${n}: name`}
              defaultValue={row.initial?.name ?? ''}
              error={fieldError(id(`${at}/name`))}
            />
            <TextInput
              id={id(`${at}/key`)}
              label={`Metric ${n}: key`}
              hint="Lower case letters, digits and dashes, once each in the year; for example same-day-access"
              className="nhsuk-input--width-20"
              defaultValue={row.initial?.key ?? ''}
              error={fieldError(id(`${at}/key`))}
            />
            <Select
              id={id(`${at}/direction`)}
              label={`Metric ${n}: direction`}
              options={[
                { value: 'higher-is-better', label: 'Higher is better' },
                { value: 'lower-is-better', label: 'Lower is better' },
              ]}
              defaultValue={row.initial?.direction ?? 'higher-is-better'}
              error={fieldError(id(`${at}/direction`))}
            />
            <TextInput
              id={id(`${at}/floor`)}
              label={`Metric ${n}: floor`}
              hint="Nothing is earned back at or beyond the floor"
              className="nhsuk-input--width-5"
              inputMode="decimal"
              defaultValue={row.initial ? String(row.initial.floor) : ''}
              error={fieldError(id(`${at}/floor`))}
            />
            <TextInput
              id={id(`${at}/target`)}
              label={`Metric ${n}: target`}
              hint="All of the metric’s part of the pool is earned back at the target"
              className="nhsuk-input--width-5"
              inputMode="decimal"
              defaultValue={row.initial ? String(row.initial.target) : ''}
              error={fieldError(id(`${at}/target`))}
            />
            <TextInput
              id={id(`${at}/weightPercent`)}
              label={`Metric ${n}: weight, per cent of the pool`}
              hint="A whole number from 1 to 100"
              className="nhsuk-input--width-3"
              inputMode="numeric"
              defaultValue={row.initial ? String(row.initial.weightPercent) : ''}
              error={fieldError(id(`${at}/weightPercent`))}
            />
            <Select
              id={id(`${at}/source`)}
              label={`Metric ${n}: where the achieved value comes from`}
              options={[
                { value: 'manual', label: 'Typed in here' },
                { value: 'frailty-care-plans', label: 'Worked out from the frailty register' },
              ]}
              defaultValue={row.initial?.source ?? 'manual'}
              error={fieldError(id(`${at}/source`))}
            />
            <TextInput
              id={id(`${at}/achieved`)}
              label={`Metric ${n}: achieved (optional)`}
              hint="Leave blank if it is not known yet"
              className="nhsuk-input--width-5"
              inputMode="decimal"
              defaultValue={
                row.initial?.achieved === null || row.initial?.achieved === undefined
                  ? ''
                  : String(row.initial.achieved)
              }
              error={fieldError(id(`${at}/achieved`))}
            />
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                setMetrics(metrics.filter((r) => r.key !== row.key));
              }}
            >
              Remove metric {n}
            </Button>
          </fieldset>
        );
      })}
      {metrics.length < MCP_MAX_METRICS ? (
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            setMetrics([...metrics, { key: next.current++, initial: null }]);
          }}
        >
          Add a metric
        </Button>
      ) : null}

      <h3>Actual spend in the year</h3>
      <p>Spend so far on the budget’s services, by contributor; leave blank what is not known.</p>
      {MCP_CONTRIBUTORS.map((c) => (
        <TextInput
          key={c}
          id={id(`actualPence/${c}`)}
          label={`Actual spend: ${MCP_CONTRIBUTOR_LABELS[c]}, in pounds (optional)`}
          className="nhsuk-input--width-10"
          inputMode="decimal"
          defaultValue={pounds(input?.actualPence[c])}
          error={fieldError(id(`actualPence/${c}`))}
        />
      ))}
      <Button aria-disabled={busy}>Save the year</Button>
    </form>
  );
}
