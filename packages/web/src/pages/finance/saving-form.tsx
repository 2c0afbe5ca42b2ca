import { parsePounds } from '@atscale/domain';
import { recordSaving, type FinancePractice } from '../../api/finance';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { Select } from '../../components/select';
import { TextInput } from '../../components/text-input';
import { Textarea } from '../../components/textarea';
import { dateInputToIso } from '../../format/date-input';
import { formatPence } from '../../format/format';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { refusedFinanceForm } from './finance-form-fields';
import { RECORDED_SAVING_SERVICES } from '@atscale/domain';
import { SAVING_SERVICE_LABELS } from './finance-labels';
import type { PeriodChoice } from './finance-periods';

const ids = {
  practiceId: 'saving-practice',
  service: 'saving-service',
  periodFrom: 'saving-from',
  periodTo: 'saving-to',
  amountPence: 'saving-amount',
  note: 'saving-note',
} as const;

const serverIds = { ...ids, periodFrom: `${ids.periodFrom}-day`, periodTo: `${ids.periodTo}-day` };

/** Records what a central service saved a practice over a period (FIN-3): central finance only. */
export function SavingForm({
  practices,
  period,
  onSaved,
}: {
  practices: readonly FinancePractice[];
  /** The page's period, which the saving's dates start as. */
  period: PeriodChoice;
  onSaved: (text: string) => void;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedFinanceForm(serverIds, ids.amountPence),
  });

  const handleSubmit = onSubmit((form) => {
    const problems: ErrorSummaryItem[] = [];
    const practiceId = fieldValue(form, ids.practiceId);
    if (practiceId === '')
      problems.push({ text: 'Choose the practice', href: `#${ids.practiceId}` });
    const service = fieldValue(form, ids.service);
    if (service === '') problems.push({ text: 'Choose the service', href: `#${ids.service}` });
    const from = dateInputToIso(dateParts(form, ids.periodFrom), 'First day');
    if (!from.ok) problems.push({ text: from.message, href: `#${ids.periodFrom}-day` });
    const to = dateInputToIso(dateParts(form, ids.periodTo), 'Last day');
    if (!to.ok) problems.push({ text: to.message, href: `#${ids.periodTo}-day` });
    const amount = parsePounds(fieldValue(form, ids.amountPence));
    if (amount === null || amount <= 0) {
      problems.push({
        text: 'Enter the saving in pounds and pence, more than nothing, like 1,250.00',
        href: `#${ids.amountPence}`,
      });
    }
    if (problems.length > 0 || !from.ok || !to.ok || amount === null) {
      setErrors(problems);
      return;
    }
    const note = fieldValue(form, ids.note);
    const practice = practices.find((p) => p.id === practiceId);
    void send(async () => {
      await recordSaving({
        practiceId,
        service,
        periodFrom: from.iso,
        periodTo: to.iso,
        amountPence: amount,
        note: note === '' ? null : note,
      });
      onSaved(
        `Recorded a saving of ${formatPence(amount)} for ${practice?.name ?? 'the practice'}`,
      );
    });
  });

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Record a saving">
      <ErrorSummary items={errors} />
      <Select
        id={ids.practiceId}
        label="Practice"
        prompt="Choose a practice"
        options={practices.map((p) => ({ value: p.id, label: p.name }))}
        error={fieldError(ids.practiceId)}
      />
      <Select
        id={ids.service}
        label="Central service"
        prompt="Choose a service"
        options={RECORDED_SAVING_SERVICES.map((value) => ({
          value,
          label: SAVING_SERVICE_LABELS[value] ?? value,
        }))}
        error={fieldError(ids.service)}
      />
      <DateInput
        id={ids.periodFrom}
        legend="First day of the period saved over"
        defaultValue={period.from}
        error={fieldError(`${ids.periodFrom}-day`)}
      />
      <DateInput
        id={ids.periodTo}
        legend="Last day of the period saved over"
        defaultValue={period.to}
        error={fieldError(`${ids.periodTo}-day`)}
      />
      <TextInput
        id={ids.amountPence}
        label="Amount saved, in pounds"
        hint="For example 1,250.00"
        className="nhsuk-input--width-10"
        inputMode="decimal"
        error={fieldError(ids.amountPence)}
      />
      <Textarea
        id={ids.note}
        label="Note (optional)"
        hint="How the saving was worked out"
        error={fieldError(ids.note)}
      />
      <Button aria-disabled={busy}>Record the saving</Button>
    </form>
  );
}
