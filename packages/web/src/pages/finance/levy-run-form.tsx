import { useState } from 'react';
import { billingPeriods, financialYearLabel } from '@atscale/domain';
import { runLevy, type FinanceSettings } from '../../api/finance';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { ErrorSummary } from '../../components/error-summary';
import { Select } from '../../components/select';
import { dateInputToIso } from '../../format/date-input';
import { formatCount, formatPence } from '../../format/format';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { todayInEngland } from '../access/booking/booking-api';
import { recentFinancialYears, yearChoices } from './finance-periods';
import { refusedFinanceForm } from './finance-form-fields';
import { frequencyLabel } from './finance-labels';

const ids = {
  financialYear: 'levy-run-year',
  periodNumber: 'levy-run-period',
  issuedOn: 'levy-run-issued',
} as const;

/**
 * Runs the levy for one billing period at the settings' frequency (FIN-2). The server charges
 * a period once: running it again shows its invoices and charges nothing.
 */
export function LevyRunForm({
  settings,
  onRun,
}: {
  settings: FinanceSettings;
  onRun: (text: string) => void;
}) {
  const today = todayInEngland();
  // Next year too, so a levy in advance can be invoiced in March.
  const years = [
    (recentFinancialYears(today, 1)[0] ?? 2026) + 1,
    ...recentFinancialYears(today, 3),
  ];
  const [year, setYear] = useState(years[1] ?? 2026);
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedFinanceForm({ ...ids, issuedOn: `${ids.issuedOn}-day` }, ids.periodNumber),
  });
  const periods = billingPeriods(year, settings.frequency);

  const handleSubmit = onSubmit((form) => {
    const issued = dateInputToIso(dateParts(form, ids.issuedOn), 'Invoice date');
    if (!issued.ok) {
      setErrors([{ text: issued.message, href: `#${ids.issuedOn}-day` }]);
      return;
    }
    const periodNumber = Number(fieldValue(form, ids.periodNumber));
    void send(async () => {
      const result = await runLevy({ issuedOn: issued.iso, financialYear: year, periodNumber });
      onRun(
        result.created
          ? `Invoiced the levy for ${result.run.label}: ${formatCount(result.invoices.length)} invoices, ${formatPence(result.totals.grossPence)} in all`
          : `The levy for ${result.run.label} had already been run: nothing new was charged`,
      );
    });
  });

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Run the levy">
      <ErrorSummary items={errors} />
      <p>
        The levy is invoiced {frequencyLabel(settings.frequency).toLowerCase()}, on each practice’s
        list on the first day of the period.
      </p>
      <Select
        id={ids.financialYear}
        label="Financial year"
        options={yearChoices(years)}
        value={String(year)}
        onChange={(event) => {
          setYear(Number(event.target.value));
        }}
      />
      <Select
        id={ids.periodNumber}
        label="Billing period"
        options={periods.map((period) => ({ value: String(period.number), label: period.label }))}
        error={fieldError(ids.periodNumber)}
      />
      <DateInput
        id={ids.issuedOn}
        legend="Invoice date"
        defaultValue={today}
        error={fieldError(`${ids.issuedOn}-day`)}
      />
      <Button aria-disabled={busy}>Run the levy for {financialYearLabel(year)}</Button>
    </form>
  );
}
