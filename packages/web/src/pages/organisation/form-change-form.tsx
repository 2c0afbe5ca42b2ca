import { ORGANISATION_FORMS } from '@atscale/domain';
import { changeForm, type FormChange } from '../../api/organisation';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { Select } from '../../components/select';
import { Textarea } from '../../components/textarea';
import { dateInputToIso } from '../../format/date-input';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { formLabel } from '../../labels';
import { refusedItems } from './site-form-values';

const ids = {
  form: 'form-change-form',
  effectiveFrom: 'form-change-date',
  effectiveFromDay: 'form-change-date-day',
  reason: 'form-change-reason',
} as const;

const idFor = (field: string): string => {
  const name = field.split('/').pop();
  if (name === 'effectiveFrom') return ids.effectiveFromDay;
  if (name === 'reason') return ids.reason;
  return ids.form;
};

/** Records a change of the organisation's form from a date, with the reason. */
export function FormChangeForm({
  currentForm,
  onSaved,
}: {
  currentForm: string;
  onSaved: (change: FormChange) => void | Promise<void>;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(idFor, ids.effectiveFromDay),
  });

  const handleSubmit = onSubmit((form) => {
    const chosen = fieldValue(form, ids.form);
    const reason = fieldValue(form, ids.reason);
    const date = dateInputToIso(
      dateParts(form, ids.effectiveFrom),
      'Date the new form takes effect',
    );
    const invalid: ErrorSummaryItem[] = [];
    if (!date.ok) invalid.push({ text: date.message, href: `#${ids.effectiveFromDay}` });
    if (reason === '') invalid.push({ text: 'Say why the form changes', href: `#${ids.reason}` });
    if (invalid.length > 0 || !date.ok) {
      setErrors(invalid);
      return;
    }
    void send(async () => {
      await onSaved(await changeForm({ form: chosen, effectiveFrom: date.iso, reason }));
    });
  });

  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <Select
          id={ids.form}
          label="New form"
          defaultValue={ORGANISATION_FORMS.find((form) => form !== currentForm)}
          options={ORGANISATION_FORMS.map((form) => ({ value: form, label: formLabel(form) }))}
          error={fieldError(ids.form)}
        />
        <DateInput
          id={ids.effectiveFrom}
          legend="Date the new form takes effect"
          hint="The first day of the new form: in the past, today or to come. For example, 1 4 2027"
          error={fieldError(ids.effectiveFromDay)}
        />
        <Textarea
          id={ids.reason}
          label="Why the form changes"
          hint="For example, the members voted to merge their contracts"
          error={fieldError(ids.reason)}
        />
        <Button aria-disabled={busy}>Record the change of form</Button>
      </form>
    </>
  );
}
