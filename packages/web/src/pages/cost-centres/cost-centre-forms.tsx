import { useState } from 'react';
import {
  assignCostCentre,
  createCostCentre,
  mergeCostCentres,
  type CostCentreListing,
} from '../../api/cost-centres';
import { Button } from '../../components/button';
import { Checkboxes } from '../../components/checkboxes';
import { DateInput } from '../../components/date-input';
import type { ErrorSummaryItem } from '../../components/error-summary';
import { Radios } from '../../components/radios';
import { Select } from '../../components/select';
import { TextInput } from '../../components/text-input';
import { Textarea } from '../../components/textarea';
import { dateInputToIso } from '../../format/date-input';
import { formatDate } from '../../format/format';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { refusedItems, type CostCentreForm } from './field-errors';

/** What the page shares with its forms: one error summary for all, and the notice of a change. */
export interface FormOutcome {
  /** The errors the page's summary shows. */
  errors: readonly ErrorSummaryItem[];
  /** Shows these errors (none to clear them), in place of the notice. */
  onErrors: (items: ErrorSummaryItem[]) => void;
  /** The form's change was made: say so, and show the page as at `on` if given. */
  done: (notice: string, on?: string) => void;
}

/** The errors and sending state of one of the forms, refused requests shown as `which`'s. */
const useCostCentreForm = (which: CostCentreForm, { errors, onErrors }: FormOutcome) =>
  useFormSubmission({
    refused: (error) => refusedItems(which, error),
    shared: { errors, onErrors },
  });

/** Merge cost centres from a date: which ones, the survivor (existing or new), when and why. */
export function MergeForm({ listing, ...outcome }: { listing: CostCentreListing } & FormOutcome) {
  const [into, setInto] = useState('');
  const { setErrors, fieldError, busy, onSubmit, send } = useCostCentreForm('merge', outcome);
  const candidates = listing.costCentres.filter((centre) => centre.status !== 'merged');
  const practiceCount = (n: number) => (n === 1 ? '1 practice' : `${String(n)} practices`);

  const handleSubmit = onSubmit((form, formElement) => {
    const from = form.getAll('from').filter((v): v is string => typeof v === 'string');
    const date = dateInputToIso(dateParts(form, 'merge-effectiveFrom'), 'The merge date');
    const reason = fieldValue(form, 'merge-reason');
    const code = fieldValue(form, 'merge-new-code');
    const name = fieldValue(form, 'merge-new-name');
    const invalid: ErrorSummaryItem[] = [];
    if (from.length === 0) {
      invalid.push({ text: 'Choose the cost centres to merge', href: '#merge-from' });
    }
    if (into === '') {
      invalid.push({ text: 'Choose the cost centre they merge into', href: '#merge-into' });
    }
    if (into === 'new' && code === '') {
      invalid.push({ text: 'Enter a code for the new cost centre', href: '#merge-new-code' });
    }
    if (into === 'new' && name === '') {
      invalid.push({ text: 'Enter a name for the new cost centre', href: '#merge-new-name' });
    }
    if (!date.ok) invalid.push({ text: date.message, href: '#merge-effectiveFrom-day' });
    if (reason === '') {
      invalid.push({ text: 'Enter why the cost centres merge', href: '#merge-reason' });
    }
    if (invalid.length > 0 || !date.ok) {
      setErrors(invalid);
      return;
    }
    void send(async () => {
      const { merge, assignments } = await mergeCostCentres({
        from,
        ...(into === 'new' ? { newCostCentre: { code, name } } : { intoCostCentreId: into }),
        effectiveFrom: date.iso,
        reason,
      });
      formElement.reset();
      setInto('');
      outcome.done(
        `${merge.from.map((centre) => centre.code).join(', ')} merged into ${merge.into.code} ${merge.into.name} from ${formatDate(merge.effectiveFrom)}: ${practiceCount(assignments.length)} moved.`,
        merge.effectiveFrom,
      );
    });
  });

  if (candidates.length === 0) {
    return <p>There are no cost centres to merge on {formatDate(listing.on)}.</p>;
  }
  return (
    <form onSubmit={handleSubmit} noValidate aria-labelledby="merge-heading">
      <Checkboxes
        id="merge-from"
        name="from"
        legend="Cost centres to merge"
        hint={`Their practices on the merge date move to the surviving cost centre. Shown as on ${formatDate(listing.on)}.`}
        error={fieldError('merge-from')}
        choices={candidates.map((centre) => ({
          value: centre.id,
          label: `${centre.code} ${centre.name}`,
          hint: practiceCount(centre.practices.length),
        }))}
      />
      <Radios
        id="merge-into"
        name="into"
        legend="The cost centre they merge into"
        hint="One of those merging, another cost centre, or a new one"
        error={fieldError('merge-into')}
        value={into}
        onChange={setInto}
        choices={[
          ...candidates.map((centre) => ({
            value: centre.id,
            label: `${centre.code} ${centre.name}`,
          })),
          {
            value: 'new',
            label: 'A new cost centre',
            conditional: (
              <>
                <TextInput
                  id="merge-new-code"
                  label="Code of the new cost centre"
                  hint="Up to 20 letters, digits and hyphens, for example SUTTON"
                  className="nhsuk-input--width-20"
                  autoComplete="off"
                  spellCheck={false}
                  error={fieldError('merge-new-code')}
                />
                <TextInput
                  id="merge-new-name"
                  label="Name of the new cost centre"
                  autoComplete="off"
                  error={fieldError('merge-new-name')}
                />
              </>
            ),
          },
        ]}
      />
      <DateInput
        id="merge-effectiveFrom"
        legend="Merged from"
        hint="The first day of the merged cost centre, for example 1 4 2025. Earlier reports keep the old cost centres."
        error={fieldError('merge-effectiveFrom-day')}
      />
      <Textarea
        id="merge-reason"
        label="Why they merge"
        hint="Kept with the merge and in the audit trail"
        error={fieldError('merge-reason')}
      />
      <Button aria-disabled={busy}>Merge cost centres</Button>
    </form>
  );
}

/** Create a cost centre: a code and a name. */
export function CreateForm(outcome: FormOutcome) {
  const { setErrors, fieldError, busy, onSubmit, send } = useCostCentreForm('create', outcome);
  const handleSubmit = onSubmit((form, formElement) => {
    const code = fieldValue(form, 'create-code');
    const name = fieldValue(form, 'create-name');
    const invalid: ErrorSummaryItem[] = [];
    if (code === '') invalid.push({ text: 'Enter a code', href: '#create-code' });
    if (name === '') invalid.push({ text: 'Enter a name', href: '#create-name' });
    if (invalid.length > 0) {
      setErrors(invalid);
      return;
    }
    void send(async () => {
      const centre = await createCostCentre({ code, name });
      formElement.reset();
      outcome.done(`Cost centre ${centre.code} ${centre.name} added.`);
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-labelledby="create-heading">
      <TextInput
        id="create-code"
        label="Code"
        hint="Up to 20 letters, digits and hyphens, for example SUTTON-1; kept in capitals"
        className="nhsuk-input--width-20"
        autoComplete="off"
        spellCheck={false}
        error={fieldError('create-code')}
      />
      <TextInput
        id="create-name"
        label="Name"
        autoComplete="off"
        error={fieldError('create-name')}
      />
      <Button variant="secondary" aria-disabled={busy}>
        Add cost centre
      </Button>
    </form>
  );
}

/** Move a practice to a cost centre from a date, after its latest move. */
export function AssignForm({ listing, ...outcome }: { listing: CostCentreListing } & FormOutcome) {
  const { setErrors, fieldError, busy, onSubmit, send } = useCostCentreForm('assign', outcome);
  const practices = [
    ...listing.costCentres.flatMap((centre) => centre.practices),
    ...listing.unassignedPractices,
  ].sort((a, b) => a.name.localeCompare(b.name));
  const centres = listing.costCentres.filter((centre) => centre.status !== 'merged');

  const handleSubmit = onSubmit((form, formElement) => {
    const practiceId = fieldValue(form, 'assign-practice');
    const costCentreId = fieldValue(form, 'assign-costCentre');
    const date = dateInputToIso(dateParts(form, 'assign-effectiveFrom'), 'The date');
    const invalid: ErrorSummaryItem[] = [];
    if (practiceId === '') invalid.push({ text: 'Choose a practice', href: '#assign-practice' });
    if (costCentreId === '') {
      invalid.push({ text: 'Choose a cost centre', href: '#assign-costCentre' });
    }
    if (!date.ok) invalid.push({ text: date.message, href: '#assign-effectiveFrom-day' });
    if (invalid.length > 0 || !date.ok) {
      setErrors(invalid);
      return;
    }
    void send(async () => {
      const assignment = await assignCostCentre({
        practiceId,
        costCentreId,
        effectiveFrom: date.iso,
      });
      formElement.reset();
      outcome.done(
        `${assignment.practice.name} is in ${assignment.costCentre.code} ${assignment.costCentre.name} from ${formatDate(assignment.effectiveFrom)}.`,
        assignment.effectiveFrom,
      );
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-labelledby="assign-heading">
      <Select
        id="assign-practice"
        label="Practice"
        prompt="Choose a practice"
        error={fieldError('assign-practice')}
        options={practices.map((practice) => ({
          value: practice.id,
          label: `${practice.name} (${practice.odsCode})`,
        }))}
      />
      <Select
        id="assign-costCentre"
        label="Cost centre"
        prompt="Choose a cost centre"
        error={fieldError('assign-costCentre')}
        options={centres.map((centre) => ({
          value: centre.id,
          label: `${centre.code} ${centre.name}`,
        }))}
      />
      <DateInput
        id="assign-effectiveFrom"
        legend="In the cost centre from"
        hint="After the practice’s latest move, for example 1 4 2025"
        error={fieldError('assign-effectiveFrom-day')}
      />
      <Button variant="secondary" aria-disabled={busy}>
        Move practice
      </Button>
    </form>
  );
}
