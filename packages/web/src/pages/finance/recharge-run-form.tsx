import { useState } from 'react';
import { runRecharges } from '../../api/recharges';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { ErrorSummary } from '../../components/error-summary';
import { Select } from '../../components/select';
import { dateInputToIso } from '../../format/date-input';
import { formatCount, formatPence } from '../../format/format';
import { dateParts } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { todayInEngland } from '../access/booking/booking-api';
import { recentFinancialYears } from './finance-periods';
import { refusedFinanceForm } from './finance-form-fields';
import { lastMonth, monthChoices } from './recharge-figures';

const ids = { month: 'recharge-run-month', issuedOn: 'recharge-run-issued' } as const;

/**
 * Invoices a month's recharges (FIN-5): every usage of the month not yet invoiced, one invoice
 * per provider and recipient. Running a month again charges only usage recorded since.
 */
export function RechargeRunForm({ onRun }: { onRun: (text: string) => void }) {
  const today = todayInEngland();
  // This financial year's months and last year's, newest first.
  const months = recentFinancialYears(today, 2)
    .flatMap((year) => monthChoices(year).reverse())
    .filter((month) => month.value <= today.slice(0, 7));
  const [month, setMonth] = useState(() => lastMonth(today));
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedFinanceForm({ ...ids, issuedOn: `${ids.issuedOn}-day` }, ids.month),
  });
  const label = months.find((m) => m.value === month)?.label ?? month;
  const handleSubmit = onSubmit((form) => {
    const issued = dateInputToIso(dateParts(form, ids.issuedOn), 'Invoice date');
    if (!issued.ok) {
      setErrors([{ text: issued.message, href: `#${ids.issuedOn}-day` }]);
      return;
    }
    void send(async () => {
      const result = await runRecharges({ month, issuedOn: issued.iso });
      onRun(
        result.created > 0
          ? `Invoiced the recharges for ${result.month.label}: ${formatCount(result.created)} new invoices; the month's invoices come to ${formatPence(result.totals.netPence)} net, ${formatPence(result.totals.vatPence)} VAT, ${formatPence(result.totals.grossPence)} in all`
          : `There was nothing new to invoice for ${result.month.label}`,
      );
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Invoice a month’s recharges">
      <ErrorSummary items={errors} />
      <Select
        id={ids.month}
        label="Month"
        options={months}
        value={month}
        onChange={(event) => {
          setMonth(event.target.value);
        }}
        error={fieldError(ids.month)}
      />
      <DateInput
        id={ids.issuedOn}
        legend="Invoice date"
        defaultValue={today}
        error={fieldError(`${ids.issuedOn}-day`)}
      />
      <Button aria-disabled={busy}>Invoice the recharges for {label}</Button>
    </form>
  );
}
