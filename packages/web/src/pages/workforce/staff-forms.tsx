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
  createStaffMember,
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

/** The ids of the staff details fields of a form whose ids start with `prefix`. */
const staffFieldIds = (prefix: string) =>
  ({
    fullName: `${prefix}-name`,
    staffRole: `${prefix}-role`,
    employingBody: `${prefix}-employer`,
    grade: `${prefix}-grade`,
    homePracticeId: `${prefix}-practice`,
    contractedSessions: `${prefix}-sessions`,
    registrationNumber: `${prefix}-registration`,
    dateOfBirth: `${prefix}-birth`,
    startedOn: `${prefix}-started`,
    leftOn: `${prefix}-left`,
    skills: `${prefix}-skills`,
    siteIds: `${prefix}-sites`,
    resilienceTeam: `${prefix}-resilience`,
  }) as const;

type StaffFieldIds = ReturnType<typeof staffFieldIds>;
type StaffField = keyof StaffFieldIds;
const dateFields = new Set<StaffField>(['dateOfBirth', 'startedOn', 'leftOn']);

/** The control a field the server names (`/body/leftOn` or `body/leftOn`) is typed in. */
const staffIdFor =
  (ids: StaffFieldIds) =>
  (field: string): string => {
    const name = field.split('/').filter(Boolean)[1] ?? field.split('/').pop() ?? '';
    if (name in ids) {
      const key = name as StaffField;
      return dateFields.has(key) ? `${ids[key]}-day` : ids[key];
    }
    return ids.fullName;
  };

/** The details as a form has them; dates left blank are left out. */
type StaffFieldValues = StaffChanges & { fullName: string; grade?: string; siteIds?: string[] };

/**
 * Reads the staff details fields of a submitted form, adding what is wrong with them to
 * `invalid`. A blank date is left out: on a new member that records none, on a change it keeps
 * the date recorded.
 */
function readStaffFields(
  form: FormData,
  ids: StaffFieldIds,
  invalid: ErrorSummaryItem[],
): StaffFieldValues {
  const date = (field: 'dateOfBirth' | 'startedOn' | 'leftOn', label: string) => {
    const parts = dateParts(form, ids[field]);
    if (parts.day === '' && parts.month === '' && parts.year === '') return {};
    const result = dateInputToIso(parts, label);
    if (result.ok) return { [field]: result.iso };
    invalid.push({ text: result.message, href: `#${ids[field]}-day` });
    return {};
  };
  const sessionsText = fieldValue(form, ids.contractedSessions);
  const sessions = sessionsText === '' ? null : Number(sessionsText);
  if (sessions !== null && !Number.isFinite(sessions)) {
    invalid.push({
      text: 'Enter sessions a week as a number, like 6 or 7.5',
      href: `#${ids.contractedSessions}`,
    });
  }
  const practice = fieldValue(form, ids.homePracticeId);
  const registration = fieldValue(form, ids.registrationNumber);
  const grade = fieldValue(form, ids.grade);
  const values: StaffFieldValues = {
    fullName: fieldValue(form, ids.fullName),
    staffRole: fieldValue(form, ids.staffRole),
    employingBody: fieldValue(form, ids.employingBody),
    homePracticeId: practice === '' ? null : practice,
    contractedSessions: sessions !== null && Number.isFinite(sessions) ? sessions : null,
    registrationNumber: registration === '' ? null : registration,
    ...date('dateOfBirth', 'Date of birth'),
    ...date('startedOn', 'Start date'),
    ...date('leftOn', 'Leaving date'),
    skills: form.getAll(ids.skills).map(String),
    resilienceTeam: form.get(ids.resilienceTeam) !== null,
    ...(grade === '' ? {} : { grade }),
    ...(form.has(ids.siteIds) ? { siteIds: form.getAll(ids.siteIds).map(String) } : {}),
  };
  if (values.fullName === '') {
    invalid.push({ text: 'Enter their full name', href: `#${ids.fullName}` });
  }
  return values;
}

const currently = (iso: string | null): string =>
  iso === null ? 'Not recorded yet.' : `Now ${formatDate(iso)}; leave blank to keep it.`;

/**
 * The fields of a member of staff's details, filled in from `member` when changing one. The
 * grade (`ladder`) and the extra sites (`sites`) are asked only when given: a grade then moves
 * only by the ladder form.
 */
function StaffFields({
  ids,
  member,
  practices,
  ladder,
  sites,
  fieldError,
}: {
  ids: StaffFieldIds;
  member?: StaffMember;
  practices: readonly OrganisationPractice[];
  ladder?: readonly CareerGrade[];
  sites?: readonly { id: string; name: string }[];
  fieldError: (id: string) => string | undefined;
}) {
  return (
    <>
      <TextInput
        id={ids.fullName}
        label="Full name"
        autoComplete="off"
        defaultValue={member?.fullName}
        error={fieldError(ids.fullName)}
      />
      <Select
        id={ids.staffRole}
        label="Role"
        prompt={member ? undefined : 'Choose a role'}
        defaultValue={member?.staffRole ?? ''}
        options={STAFF_ROLES.map((role) => ({ value: role, label: STAFF_ROLE_LABELS[role] }))}
        error={fieldError(ids.staffRole)}
      />
      {ladder ? (
        <Select
          id={ids.grade}
          label="Grade on the career ladder"
          hint="GPs, and partners of other roles. Leave as none for everyone else."
          prompt="None"
          options={ladder.map((grade) => ({ value: grade, label: CAREER_GRADE_LABELS[grade] }))}
          error={fieldError(ids.grade)}
        />
      ) : null}
      <Select
        id={ids.employingBody}
        label="Employed by"
        prompt={member ? undefined : 'Choose who employs them'}
        defaultValue={member?.employingBody ?? ''}
        options={EMPLOYING_BODIES.map((body) => ({
          value: body,
          label: EMPLOYING_BODY_LABELS[body],
        }))}
        error={fieldError(ids.employingBody)}
      />
      <Select
        id={ids.homePracticeId}
        label="Home practice"
        hint={member ? undefined : 'Needed when their practice employs them'}
        prompt="None (central or locum)"
        defaultValue={member?.homePracticeId ?? ''}
        options={practices.map((p) => ({ value: p.id, label: p.name }))}
        error={fieldError(ids.homePracticeId)}
      />
      <TextInput
        id={ids.contractedSessions}
        label="Contracted sessions a week"
        hint="0 to 14, in half sessions"
        inputMode="decimal"
        className="nhsuk-input--width-4"
        defaultValue={member?.contractedSessions == null ? '' : String(member.contractedSessions)}
        error={fieldError(ids.contractedSessions)}
      />
      <TextInput
        id={ids.registrationNumber}
        label="Professional registration number"
        hint="GMC number for GPs and physician associates (7 digits), NMC PIN for nurses (like 12A3456E), GPhC number for pharmacists"
        className="nhsuk-input--width-10"
        defaultValue={member?.registrationNumber ?? ''}
        error={fieldError(ids.registrationNumber)}
      />
      <DateInput
        id={ids.dateOfBirth}
        legend="Date of birth"
        hint={`For retirement planning. ${member ? currently(member.dateOfBirth) : 'For example, 15 3 1975'}`}
        error={fieldError(`${ids.dateOfBirth}-day`)}
      />
      <DateInput
        id={ids.startedOn}
        legend="Start date"
        hint={member ? currently(member.startedOn) : 'Their first day of work, if known'}
        error={fieldError(`${ids.startedOn}-day`)}
      />
      <DateInput
        id={ids.leftOn}
        legend="Leaving date"
        hint={
          member?.leftOn == null
            ? 'Leave blank while they still work here.'
            : currently(member.leftOn)
        }
        error={fieldError(`${ids.leftOn}-day`)}
      />
      <Checkboxes
        id={ids.skills}
        legend="Skills"
        small
        checked={member?.skills ?? []}
        choices={STAFF_SKILLS.map((skill) => ({
          value: skill,
          label: STAFF_SKILL_LABELS[skill],
        }))}
        error={fieldError(ids.skills)}
      />
      {sites && sites.length > 0 ? (
        <Checkboxes
          id={ids.siteIds}
          legend="Other sites they can work at"
          hint="Beyond their home practice’s sites"
          small
          choices={sites.map((site) => ({ value: site.id, label: site.name }))}
          error={fieldError(ids.siteIds)}
        />
      ) : null}
      <Checkbox
        id={ids.resilienceTeam}
        label="In the resilience team"
        hint="Central staff the organisation sends to a practice in crisis"
        defaultChecked={member?.resilienceTeam ?? false}
      />
    </>
  );
}

const editIds = staffFieldIds('staff-edit');

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
    refused: refusedItems(staffIdFor(editIds), editIds.fullName),
    shared,
  });
  const handleSubmit = onSubmit((form) => {
    const invalid: ErrorSummaryItem[] = [];
    const changes = readStaffFields(form, editIds, invalid);
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
        <StaffFields ids={editIds} member={member} practices={practices} fieldError={fieldError} />
        <Button aria-disabled={busy}>Save changes</Button>
      </form>
    </>
  );
}

const newIds = staffFieldIds('staff-new');

/** Adds a member of staff: every detail the register keeps, with their grade and extra sites. */
export function NewStaffForm({
  practices,
  ladder,
  sites,
  onSaved,
  shared,
}: {
  practices: readonly OrganisationPractice[];
  ladder: readonly CareerGrade[];
  sites: readonly { id: string; name: string }[];
  onSaved: (member: StaffMember) => void;
  /** The page's hold on the form's errors, so its title can say there is a problem. */
  shared: FormSubmissionOptions['shared'];
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(staffIdFor(newIds), newIds.fullName),
    shared,
  });
  const handleSubmit = onSubmit((form) => {
    const invalid: ErrorSummaryItem[] = [];
    const values = readStaffFields(form, newIds, invalid);
    if (values.staffRole === '') {
      invalid.push({ text: 'Choose their role', href: `#${newIds.staffRole}` });
    }
    if (values.employingBody === '') {
      invalid.push({ text: 'Choose who employs them', href: `#${newIds.employingBody}` });
    }
    if (invalid.length > 0) {
      setErrors(invalid);
      return;
    }
    void send(async () => {
      onSaved(await createStaffMember({ ...values, siteIds: values.siteIds ?? [] }));
    });
  });
  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <StaffFields
          ids={newIds}
          practices={practices}
          ladder={ladder}
          sites={sites}
          fieldError={fieldError}
        />
        <Button aria-disabled={busy}>Add member of staff</Button>
      </form>
    </>
  );
}
