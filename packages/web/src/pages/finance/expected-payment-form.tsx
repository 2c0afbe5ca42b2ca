import { parsePounds } from '@atscale/domain';
import type { FinancePractice } from '../../api/finance';
import { addExpectedPayment } from '../../api/finance-payments';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { Select } from '../../components/select';
import { TextInput } from '../../components/text-input';
import { dateInputToIso } from '../../format/date-input';
import { formatDate, formatPence } from '../../format/format';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { refusedFinanceForm } from './finance-form-fields';
import { paymentKindChoices } from './payments-figures';

const ids = {
  practiceId: 'expected-practice',
  kind: 'expected-kind',
  payer: 'expected-payer',
  amountPence: 'expected-amount',
  dueOn: 'expected-due',
  reference: 'expected-reference',
  description: 'expected-description',
} as const;

const serverIds = { ...ids, dueOn: `${ids.dueOn}-day` };

/** Adds a payment a practice expects by hand (FIN-4): one the schedule does not make. */
export function ExpectedPaymentForm({
  practices,
  onSaved,
}: {
  practices: readonly FinancePractice[];
  onSaved: (text: string) => void;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedFinanceForm(serverIds, ids.amountPence),
  });

  const handleSubmit = onSubmit((form) => {
    const problems: ErrorSummaryItem[] = [];
    const practiceId = fieldValue(form, ids.practiceId);
    if (practiceId === '') {
      problems.push({ text: 'Choose the practice', href: `#${ids.practiceId}` });
    }
    const kind = fieldValue(form, ids.kind);
    if (kind === '') problems.push({ text: 'Choose what it is for', href: `#${ids.kind}` });
    const payer = fieldValue(form, ids.payer);
    if (payer === '') problems.push({ text: 'Enter who pays it', href: `#${ids.payer}` });
    const amount = parsePounds(fieldValue(form, ids.amountPence));
    if (amount === null || amount <= 0) {
      problems.push({
        text: 'Enter the amount in pounds and pence, more than nothing, like 1,250.00',
        href: `#${ids.amountPence}`,
      });
    }
    const dueOn = dateInputToIso(dateParts(form, ids.dueOn), 'Due date');
    if (!dueOn.ok) problems.push({ text: dueOn.message, href: `#${ids.dueOn}-day` });
    if (problems.length > 0 || !dueOn.ok || amount === null) {
      setErrors(problems);
      return;
    }
    const reference = fieldValue(form, ids.reference);
    const description = fieldValue(form, ids.description);
    const practice = practices.find((p) => p.id === practiceId);
    void send(async () => {
      await addExpectedPayment({
        practiceId,
        kind,
        payer,
        amountPence: amount,
        dueOn: dueOn.iso,
        reference: reference === '' ? null : reference,
        description: description === '' ? null : description,
      });
      onSaved(
        `Added ${formatPence(amount)} expected by ${practice?.name ?? 'the practice'} on ${formatDate(dueOn.iso)}`,
      );
    });
  });

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Add expected payment">
      <ErrorSummary items={errors} />
      <Select
        id={ids.practiceId}
        label="Practice"
        prompt="Choose a practice"
        options={practices.map((p) => ({ value: p.id, label: p.name }))}
        error={fieldError(ids.practiceId)}
      />
      <Select
        id={ids.kind}
        label="What it is for"
        prompt="Choose what it is for"
        options={paymentKindChoices}
        error={fieldError(ids.kind)}
      />
      <TextInput
        id={ids.payer}
        label="Who pays it"
        hint="As the bank statement names them, for example NHS England or the ICB"
        maxLength={200}
        error={fieldError(ids.payer)}
      />
      <TextInput
        id={ids.amountPence}
        label="Amount, in pounds"
        hint="For example 1,250.00"
        className="nhsuk-input--width-10"
        inputMode="decimal"
        error={fieldError(ids.amountPence)}
      />
      <DateInput id={ids.dueOn} legend="Due date" error={fieldError(`${ids.dueOn}-day`)} />
      <TextInput
        id={ids.reference}
        label="Remittance reference (optional)"
        hint="A statement row carrying it is matched to this payment"
        maxLength={200}
        error={fieldError(ids.reference)}
      />
      <TextInput
        id={ids.description}
        label="Description (optional)"
        maxLength={500}
        error={fieldError(ids.description)}
      />
      <Button aria-disabled={busy}>Add expected payment</Button>
    </form>
  );
}
