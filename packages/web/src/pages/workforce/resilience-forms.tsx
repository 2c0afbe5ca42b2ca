import { STAFF_ROLE_LABELS } from '@atscale/domain';
import {
  declareCrisis,
  deployTeam,
  endCrisis,
  type Crisis,
  type TeamMember,
} from '../../api/resilience';
import { Button } from '../../components/button';
import { Checkboxes } from '../../components/checkboxes';
import { DateInput } from '../../components/date-input';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { Select } from '../../components/select';
import { Textarea } from '../../components/textarea';
import { dateInputToIso } from '../../format/date-input';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { refusedItems } from '../organisation/site-form-values';

const declareIds = {
  practice: 'crisis-practice',
  reason: 'crisis-reason',
  startsOn: 'crisis-starts',
  startsOnDay: 'crisis-starts-day',
  endsOn: 'crisis-ends',
  endsOnDay: 'crisis-ends-day',
} as const;

const declareIdFor = (field: string): string => {
  const name = field.split('/').pop();
  if (name === 'startsOn') return declareIds.startsOnDay;
  if (name === 'endsOn') return declareIds.endsOnDay;
  if (name === 'reason') return declareIds.reason;
  return declareIds.practice;
};

/**
 * Declares a practice in crisis for a period: a practice manager for their practice, the
 * central team for any. `practices` are the ones the user may declare a crisis at.
 */
export function DeclareCrisisForm({
  practices,
  onSaved,
}: {
  practices: readonly { id: string; name: string }[];
  onSaved: (crisis: Crisis) => void;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(declareIdFor, declareIds.practice),
  });

  const handleSubmit = onSubmit((form) => {
    const practiceId = fieldValue(form, declareIds.practice);
    const reason = fieldValue(form, declareIds.reason);
    const startsOn = dateInputToIso(dateParts(form, declareIds.startsOn), 'First day');
    const endsOn = dateInputToIso(dateParts(form, declareIds.endsOn), 'Last day');
    const invalid: ErrorSummaryItem[] = [];
    if (practiceId === '')
      invalid.push({ text: 'Choose the practice', href: `#${declareIds.practice}` });
    if (reason === '')
      invalid.push({ text: 'Say what the crisis is', href: `#${declareIds.reason}` });
    if (!startsOn.ok) invalid.push({ text: startsOn.message, href: `#${declareIds.startsOnDay}` });
    if (!endsOn.ok) invalid.push({ text: endsOn.message, href: `#${declareIds.endsOnDay}` });
    if (invalid.length > 0 || !startsOn.ok || !endsOn.ok) {
      setErrors(invalid);
      return;
    }
    void send(async () => {
      onSaved(
        await declareCrisis({ practiceId, reason, startsOn: startsOn.iso, endsOn: endsOn.iso }),
      );
    });
  });

  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <Select
          id={declareIds.practice}
          label="Practice"
          prompt={practices.length === 1 ? undefined : 'Choose a practice'}
          options={practices.map((p) => ({ value: p.id, label: p.name }))}
          error={fieldError(declareIds.practice)}
        />
        <Textarea
          id={declareIds.reason}
          label="What has happened"
          hint="For example, two GPs off sick"
          error={fieldError(declareIds.reason)}
        />
        <DateInput
          id={declareIds.startsOn}
          legend="First day"
          hint="For example, 1 3 2027"
          error={fieldError(declareIds.startsOnDay)}
        />
        <DateInput
          id={declareIds.endsOn}
          legend="Last day"
          hint="Today or later; at most 92 days after the first"
          error={fieldError(declareIds.endsOnDay)}
        />
        <Button aria-disabled={busy}>Declare a crisis</Button>
      </form>
    </>
  );
}

/** Deploys members of the resilience team to a crisis, putting them on the practice's rota. */
export function DeployTeamForm({
  crisis,
  team,
  onSaved,
}: {
  crisis: Crisis;
  team: readonly TeamMember[];
  onSaved: (crisis: Crisis) => void;
}) {
  const id = `deploy-${crisis.id}`;
  const available = team.filter((member) => !crisis.deployed.some((d) => d.id === member.id));
  // The first box of a checkboxes group has the group's id.
  const firstBox = id;
  const { errors, setErrors, busy, onSubmit, send, fieldError } = useFormSubmission({
    refused: refusedItems(() => firstBox, firstBox),
  });
  if (available.length === 0) {
    return <p>Everyone on the resilience team is already deployed to this crisis.</p>;
  }
  const handleSubmit = onSubmit((form) => {
    const staffIds = form.getAll(id).filter((value): value is string => typeof value === 'string');
    if (staffIds.length === 0) {
      setErrors([{ text: 'Choose who to deploy', href: `#${firstBox}` }]);
      return;
    }
    void send(async () => {
      onSaved(await deployTeam(crisis.id, staffIds));
    });
  });
  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <Checkboxes
          id={id}
          legend="Who to deploy"
          hint="Each works mornings and afternoons at the practice’s main site on the weekdays of the crisis still to come"
          choices={available.map((member) => ({
            value: member.id,
            label: member.name,
            hint: STAFF_ROLE_LABELS[member.role],
          }))}
          error={fieldError(firstBox)}
        />
        <Button aria-disabled={busy}>Deploy</Button>
      </form>
    </>
  );
}

/** Ends a crisis today, taking the team's later sessions off the rota. */
export function EndCrisisForm({
  crisis,
  onSaved,
}: {
  crisis: Crisis;
  onSaved: (crisis: Crisis) => void;
}) {
  const id = `end-${crisis.id}`;
  const { errors, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(() => id, id),
  });
  const handleSubmit = onSubmit(() => {
    void send(async () => {
      onSaved(await endCrisis(crisis.id));
    });
  });
  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <Button id={id} variant="secondary" aria-disabled={busy}>
          End this crisis today
        </Button>
      </form>
    </>
  );
}
