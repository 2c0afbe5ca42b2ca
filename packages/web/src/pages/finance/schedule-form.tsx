import { financialYearLabel } from '@atscale/domain';
import type { FinancePractice } from '../../api/finance';
import { generateSchedule } from '../../api/finance-payments';
import { Button } from '../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { Select } from '../../components/select';
import { formatCount } from '../../format/format';
import { fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { refusedFinanceForm } from './finance-form-fields';
import { yearChoices } from './finance-periods';

const ids = { practiceId: 'schedule-practice', financialYear: 'schedule-year' } as const;

/**
 * Generates a practice's expected payments for a financial year (FIN-4): the global sum and QOF
 * aspiration monthly and the QOF achievement balance, from its weighted list and the year's
 * published rates. Running it again adds only what is missing.
 */
export function ScheduleForm({
  practices,
  thisYear,
  onSaved,
}: {
  practices: readonly FinancePractice[];
  thisYear: number;
  onSaved: (text: string) => void;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    // Anything else the server names (no published rate, no list size) is about the year chosen.
    refused: refusedFinanceForm(
      { practiceId: ids.practiceId, financialYear: ids.financialYear },
      ids.financialYear,
    ),
  });
  const handleSubmit = onSubmit((form) => {
    const problems: ErrorSummaryItem[] = [];
    const practiceId = fieldValue(form, ids.practiceId);
    if (practiceId === '') {
      problems.push({ text: 'Choose the practice', href: `#${ids.practiceId}` });
    }
    const financialYear = Number(fieldValue(form, ids.financialYear));
    if (problems.length > 0) {
      setErrors(problems);
      return;
    }
    void send(async () => {
      const result = await generateSchedule({ practiceId, financialYear });
      const year = financialYearLabel(result.financialYear);
      onSaved(
        result.created === 0
          ? `${result.practice.name}’s schedule for ${year} was already complete`
          : `Added ${formatCount(result.created)} expected payments to ${result.practice.name}’s schedule for ${year}` +
              (result.existing > 0 ? ` (${formatCount(result.existing)} were there already)` : ''),
      );
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Generate a schedule">
      <ErrorSummary items={errors} />
      <Select
        id={ids.practiceId}
        label="Practice"
        prompt="Choose a practice"
        options={practices.map((p) => ({ value: p.id, label: p.name }))}
        error={fieldError(ids.practiceId)}
      />
      <Select
        id={ids.financialYear}
        label="Financial year"
        hint="From the practice’s weighted list and the year’s published global sum and QOF"
        options={yearChoices([thisYear, thisYear + 1])}
        defaultValue={String(thisYear)}
        error={fieldError(ids.financialYear)}
      />
      <Button aria-disabled={busy}>Generate the schedule</Button>
    </form>
  );
}
