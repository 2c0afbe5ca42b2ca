import {
  CAREER_GRADE_LABELS,
  EMPLOYING_BODIES,
  EMPLOYING_BODY_LABELS,
  STAFF_ROLES,
  STAFF_ROLE_LABELS,
  STAFF_SKILLS,
  STAFF_SKILL_LABELS,
  type CareerGrade,
} from '@atscale/domain';
import type { OrganisationPractice } from '../../api/organisation';
import {
  recordGradeChange,
  updateStaffMember,
  type StaffChanges,
  type StaffMember,
} from '../../api/staff';
import { Button } from '../../components/button';
import { Checkbox } from '../../components/checkbox';
import { Checkboxes } from '../../components/checkboxes';
import { DateInput } from '../../components/date-input';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { Select } from '../../components/select';
import { TextInput } from '../../components/text-input';
import { Textarea } from '../../components/textarea';
import { dateInputToIso } from '../../format/date-input';
import { formatDate } from '../../format/format';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission, type FormSubmissionOptions } from '../../forms/use-form-submission';
import { refusedItems } from '../organisation/site-form-values';

const moveIds = {
  to: 'grade-move-to',
  effectiveFrom: 'grade-move-date',
  effectiveFromDay: 'grade-move-date-day',
  reason: 'grade-move-reason',
} as const;

const moveIdFor = (field: string): string => {
  const name = field.split('/').pop();
  if (name === 'effectiveFrom') return moveIds.effectiveFromDay;
  if (name === 'reason') return moveIds.reason;
  return moveIds.to;
};

/** Records a move up or down the organisation's career ladder, from a date, with the reason. */
export function GradeMoveForm({
  member,
  ladder,
  onSaved,
  shared,
}: {
  member: StaffMember;
  ladder: readonly CareerGrade[];
  onSaved: (member: StaffMember) => void;
  /** The page's hold on the form's errors, so its title can say there is a problem. */
  shared: FormSubmissionOptions['shared'];
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(moveIdFor, moveIds.to),
    shared,
  });
  const handleSubmit = onSubmit((form) => {
    const to = fieldValue(form, moveIds.to);
    const reason = fieldValue(form, moveIds.reason);
    const date = dateInputToIso(dateParts(form, moveIds.effectiveFrom), 'Date of the move');
    const invalid: ErrorSummaryItem[] = [];
    if (to === '') invalid.push({ text: 'Choose the new grade', href: `#${moveIds.to}` });
    if (!date.ok) invalid.push({ text: date.message, href: `#${moveIds.effectiveFromDay}` });
    if (reason === '') invalid.push({ text: 'Say why they move', href: `#${moveIds.reason}` });
    if (invalid.length > 0 || !date.ok) {
      setErrors(invalid);
      return;
    }
    void send(async () => {
      onSaved(await recordGradeChange(member.id, { to, effectiveFrom: date.iso, reason }));
    });
  });
  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <Select
          id={moveIds.to}
          label="New grade"
          prompt="Choose a grade"
          options={ladder
            .filter((grade) => grade !== member.grade)
            .map((grade) => ({ value: grade, label: CAREER_GRADE_LABELS[grade] }))}
          error={fieldError(moveIds.to)}
        />
        <DateInput
          id={moveIds.effectiveFrom}
          legend="Date of the move"
          hint="The first day on the new grade. For example, 1 4 2027"
          error={fieldError(moveIds.effectiveFromDay)}
        />
        <Textarea
          id={moveIds.reason}
          label="Why they move"
          hint="For example, bought into the partnership, or stepped back to salaried work"
          error={fieldError(moveIds.reason)}
        />
        <Button aria-disabled={busy}>Record the move</Button>
      </form>
    </>
  );
}

const editIds = {
  fullName: 'staff-edit-name',
  staffRole: 'staff-edit-role',
  employingBody: 'staff-edit-employer',
  homePracticeId: 'staff-edit-practice',
  contractedSessions: 'staff-edit-sessions',
  registrationNumber: 'staff-edit-registration',
  dateOfBirth: 'staff-edit-birth',
  startedOn: 'staff-edit-started',
  leftOn: 'staff-edit-left',
  skills: 'staff-edit-skills',
  resilienceTeam: 'staff-edit-resilience',
} as const;

type EditField = keyof typeof editIds;
const dateFields = new Set<EditField>(['dateOfBirth', 'startedOn', 'leftOn']);

const editIdFor = (field: string): string => {
  const name = field.split('/')[1] ?? field.split('/').pop() ?? '';
  if (name in editIds) {
    const key = name as EditField;
    return dateFields.has(key) ? `${editIds[key]}-day` : editIds[key];
  }
  return editIds.fullName;
};

const currently = (iso: string | null): string =>
  iso === null ? 'Not recorded yet.' : `Now ${formatDate(iso)}; leave blank to keep it.`;

/** Changes a member of staff's details (the grade moves only by the ladder form). */
export function StaffEditForm({
  member,
  practices,
  onSaved,
  shared,
}: {
  member: StaffMember;
  practices: readonly OrganisationPractice[];
  onSaved: (member: StaffMember) => void;
  /** The page's hold on the form's errors, so its title can say there is a problem. */
  shared: FormSubmissionOptions['shared'];
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(editIdFor, editIds.fullName),
    shared,
  });
  const handleSubmit = onSubmit((form) => {
    const invalid: ErrorSummaryItem[] = [];
    const date = (field: 'dateOfBirth' | 'startedOn' | 'leftOn', label: string) => {
      const parts = dateParts(form, editIds[field]);
      // The date inputs start empty: a blank one keeps the date recorded.
      if (parts.day === '' && parts.month === '' && parts.year === '') return {};
      const result = dateInputToIso(parts, label);
      if (result.ok) return { [field]: result.iso };
      invalid.push({ text: result.message, href: `#${editIds[field]}-day` });
      return {};
    };
    const sessionsText = fieldValue(form, editIds.contractedSessions);
    const sessions = sessionsText === '' ? null : Number(sessionsText);
    if (sessions !== null && !Number.isFinite(sessions)) {
      invalid.push({
        text: 'Enter sessions a week as a number, like 6 or 7.5',
        href: `#${editIds.contractedSessions}`,
      });
    }
    const practice = fieldValue(form, editIds.homePracticeId);
    const registration = fieldValue(form, editIds.registrationNumber);
    const changes: StaffChanges = {
      fullName: fieldValue(form, editIds.fullName),
      staffRole: fieldValue(form, editIds.staffRole),
      employingBody: fieldValue(form, editIds.employingBody),
      homePracticeId: practice === '' ? null : practice,
      contractedSessions: sessions !== null && Number.isFinite(sessions) ? sessions : null,
      registrationNumber: registration === '' ? null : registration,
      ...date('dateOfBirth', 'Date of birth'),
      ...date('startedOn', 'Start date'),
      ...date('leftOn', 'Leaving date'),
      skills: form.getAll(editIds.skills).map(String),
      resilienceTeam: form.get(editIds.resilienceTeam) !== null,
    };
    if (changes.fullName === '') {
      invalid.push({ text: 'Enter their full name', href: `#${editIds.fullName}` });
    }
    if (invalid.length > 0) {
      setErrors(invalid);
      return;
    }
    void send(async () => {
      onSaved(await updateStaffMember(member.id, changes));
    });
  });
  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <TextInput
          id={editIds.fullName}
          label="Full name"
          defaultValue={member.fullName}
          error={fieldError(editIds.fullName)}
        />
        <Select
          id={editIds.staffRole}
          label="Role"
          defaultValue={member.staffRole}
          options={STAFF_ROLES.map((role) => ({ value: role, label: STAFF_ROLE_LABELS[role] }))}
          error={fieldError(editIds.staffRole)}
        />
        <Select
          id={editIds.employingBody}
          label="Employed by"
          defaultValue={member.employingBody}
          options={EMPLOYING_BODIES.map((body) => ({
            value: body,
            label: EMPLOYING_BODY_LABELS[body],
          }))}
          error={fieldError(editIds.employingBody)}
        />
        <Select
          id={editIds.homePracticeId}
          label="Home practice"
          prompt="None (central or locum)"
          defaultValue={member.homePracticeId ?? ''}
          options={practices.map((p) => ({ value: p.id, label: p.name }))}
          error={fieldError(editIds.homePracticeId)}
        />
        <TextInput
          id={editIds.contractedSessions}
          label="Contracted sessions a week"
          hint="0 to 14, in half sessions"
          inputMode="decimal"
          className="nhsuk-input--width-4"
          defaultValue={member.contractedSessions === null ? '' : String(member.contractedSessions)}
          error={fieldError(editIds.contractedSessions)}
        />
        <TextInput
          id={editIds.registrationNumber}
          label="Professional registration number"
          hint="GMC number for GPs and physician associates (7 digits), NMC PIN for nurses (like 12A3456E), GPhC number for pharmacists"
          className="nhsuk-input--width-10"
          defaultValue={member.registrationNumber ?? ''}
          error={fieldError(editIds.registrationNumber)}
        />
        <DateInput
          id={editIds.dateOfBirth}
          legend="Date of birth"
          hint={`For retirement planning. ${currently(member.dateOfBirth)}`}
          error={fieldError(`${editIds.dateOfBirth}-day`)}
        />
        <DateInput
          id={editIds.startedOn}
          legend="Start date"
          hint={currently(member.startedOn)}
          error={fieldError(`${editIds.startedOn}-day`)}
        />
        <DateInput
          id={editIds.leftOn}
          legend="Leaving date"
          hint={
            member.leftOn === null
              ? 'Leave blank while they still work here.'
              : currently(member.leftOn)
          }
          error={fieldError(`${editIds.leftOn}-day`)}
        />
        <Checkboxes
          id={editIds.skills}
          legend="Skills"
          small
          checked={member.skills}
          choices={STAFF_SKILLS.map((skill) => ({
            value: skill,
            label: STAFF_SKILL_LABELS[skill],
          }))}
          error={fieldError(editIds.skills)}
        />
        <Checkbox
          id={editIds.resilienceTeam}
          label="In the resilience team"
          hint="Central staff the organisation sends to a practice in crisis"
          defaultChecked={member.resilienceTeam}
        />
        <Button aria-disabled={busy}>Save changes</Button>
      </form>
    </>
  );
}
