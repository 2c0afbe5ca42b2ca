import { useState } from 'react';
import { PERIOD_LABELS, STAFF_ROLE_LABELS, STAFF_ROLES, type SessionPeriod } from '@atscale/domain';
import {
  ABSENCE_KIND_LABELS,
  assignStaff,
  createSessions,
  fetchEligibleStaff,
  recordAbsence,
  type AbsenceKind,
  type EligibleStaff,
  type RotaSession,
} from '../../api/rota';
import { Button } from '../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { Select } from '../../components/select';
import { TextInput } from '../../components/text-input';
import { fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { refusedItems } from '../organisation/site-form-values';

const PERIODS: readonly SessionPeriod[] = ['am', 'pm', 'evening', 'custom'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const sessionIds = {
  site: 'session-site',
  date: 'session-date',
  period: 'session-period',
  startTime: 'session-start',
  endTime: 'session-end',
  role: 'session-role',
  staffNeeded: 'session-staff-needed',
  urgency: 'session-urgency',
} as const;

const sessionIdFor = (field: string): string => {
  const name = field.split('/')[1] ?? '';
  const map: Record<string, string> = {
    siteId: sessionIds.site,
    dates: sessionIds.date,
    period: sessionIds.period,
    startTime: sessionIds.startTime,
    endTime: sessionIds.endTime,
    requiredRole: sessionIds.role,
    staffNeeded: sessionIds.staffNeeded,
    urgency: sessionIds.urgency,
  };
  return map[name] ?? sessionIds.site;
};

/** Plans a session at one of the practice's sites on a day. */
export function AddSessionForm({
  sites,
  onSaved,
}: {
  sites: readonly { id: string; name: string }[];
  onSaved: (sessions: RotaSession[]) => void;
}) {
  const [period, setPeriod] = useState<SessionPeriod>('am');
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(sessionIdFor, sessionIds.site),
  });

  const handleSubmit = onSubmit((form) => {
    const siteId = fieldValue(form, sessionIds.site);
    const date = fieldValue(form, sessionIds.date);
    const role = fieldValue(form, sessionIds.role);
    const staffNeeded = Number(fieldValue(form, sessionIds.staffNeeded) || '1');
    const urgency = Number(fieldValue(form, sessionIds.urgency) || '3');
    const invalid: ErrorSummaryItem[] = [];
    if (siteId === '') invalid.push({ text: 'Choose the site', href: `#${sessionIds.site}` });
    if (!ISO_DATE.test(date)) invalid.push({ text: 'Enter the day', href: `#${sessionIds.date}` });
    if (role === '') invalid.push({ text: 'Choose the role', href: `#${sessionIds.role}` });
    if (invalid.length > 0) {
      setErrors(invalid);
      return;
    }
    const times =
      period === 'custom'
        ? {
            startTime: fieldValue(form, sessionIds.startTime),
            endTime: fieldValue(form, sessionIds.endTime),
          }
        : {};
    void send(async () => {
      onSaved(
        await createSessions({
          siteId,
          dates: [date],
          period,
          ...times,
          requiredRole: role as (typeof STAFF_ROLES)[number],
          staffNeeded,
          urgency,
        }),
      );
    });
  });

  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <Select
          id={sessionIds.site}
          label="Site"
          prompt={sites.length === 1 ? undefined : 'Choose a site'}
          options={sites.map((s) => ({ value: s.id, label: s.name }))}
          error={fieldError(sessionIds.site)}
        />
        <TextInput
          id={sessionIds.date}
          label="Day"
          type="date"
          className="nhsuk-input--width-10"
          error={fieldError(sessionIds.date)}
        />
        <Select
          id={sessionIds.period}
          label="Period"
          hint="Morning 08:00 to 12:30, afternoon 13:30 to 18:30, evening 18:30 to 20:00"
          value={period}
          onChange={(event) => {
            setPeriod(event.target.value as SessionPeriod);
          }}
          options={PERIODS.map((p) => ({ value: p, label: PERIOD_LABELS[p] }))}
          error={fieldError(sessionIds.period)}
        />
        {period === 'custom' ? (
          <>
            <TextInput
              id={sessionIds.startTime}
              label="Start time"
              hint="24-hour clock, for example 09:15"
              className="nhsuk-input--width-5"
              error={fieldError(sessionIds.startTime)}
            />
            <TextInput
              id={sessionIds.endTime}
              label="End time"
              hint="24-hour clock, for example 11:45"
              className="nhsuk-input--width-5"
              error={fieldError(sessionIds.endTime)}
            />
          </>
        ) : null}
        <Select
          id={sessionIds.role}
          label="Role needed"
          prompt="Choose a role"
          options={STAFF_ROLES.map((r) => ({ value: r, label: STAFF_ROLE_LABELS[r] }))}
          error={fieldError(sessionIds.role)}
        />
        <TextInput
          id={sessionIds.staffNeeded}
          label="People needed"
          inputMode="numeric"
          defaultValue="1"
          className="nhsuk-input--width-2"
          error={fieldError(sessionIds.staffNeeded)}
        />
        <Select
          id={sessionIds.urgency}
          label="Urgency"
          hint="5: the practice cannot open without it"
          defaultValue="3"
          options={['1', '2', '3', '4', '5'].map((u) => ({ value: u, label: u }))}
          error={fieldError(sessionIds.urgency)}
        />
        <Button aria-disabled={busy}>Add session</Button>
      </form>
    </>
  );
}

/** Rosters someone on a session, choosing among the people who could work it. */
export function AssignForm({
  session,
  onSaved,
}: {
  session: RotaSession;
  onSaved: (session: RotaSession) => void;
}) {
  const id = `assign-${session.id}`;
  const [eligible, setEligible] = useState<EligibleStaff[] | undefined>(undefined);
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(() => id, id),
  });

  if (eligible === undefined) {
    return (
      <>
        <ErrorSummary items={errors} />
        <Button
          type="button"
          variant="secondary"
          aria-disabled={busy}
          onClick={() => {
            void send(async () => {
              setEligible(await fetchEligibleStaff(session.id));
            });
          }}
        >
          Find someone for {session.siteName} {session.startTime}
        </Button>
      </>
    );
  }

  const handleSubmit = onSubmit((form) => {
    const staffId = fieldValue(form, id);
    if (staffId === '') {
      setErrors([{ text: 'Choose who to roster', href: `#${id}` }]);
      return;
    }
    void send(async () => {
      onSaved(await assignStaff(session.id, staffId));
      setEligible(undefined);
    });
  });

  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <Select
          id={id}
          label={`Who works ${session.siteName}, ${session.date} ${session.startTime} to ${session.endTime}`}
          hint={
            eligible.length === 0
              ? 'Nobody free has the role and skills for this session'
              : 'People with the role and skills who are free and can get there in time'
          }
          prompt="Choose a person"
          options={eligible.map((e) => ({
            value: e.staffId,
            label: `${e.fullName} (${STAFF_ROLE_LABELS[e.staffRole]})`,
          }))}
          error={fieldError(id)}
        />
        <Button aria-disabled={busy}>Roster</Button>
      </form>
    </>
  );
}

const absenceIds = {
  person: 'absence-person',
  kind: 'absence-kind',
  startsOn: 'absence-starts',
  endsOn: 'absence-ends',
} as const;

const absenceIdFor = (field: string): string => {
  const name = field.split('/')[1] ?? '';
  if (name === 'kind') return absenceIds.kind;
  if (name === 'startsOn') return absenceIds.startsOn;
  if (name === 'endsOn') return absenceIds.endsOn;
  return absenceIds.person;
};

/** Records leave or sickness for someone on the rota. */
export function RecordAbsenceForm({
  people,
  onSaved,
}: {
  people: readonly { id: string; name: string }[];
  onSaved: () => void;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(absenceIdFor, absenceIds.person),
  });

  const handleSubmit = onSubmit((form) => {
    const staffId = fieldValue(form, absenceIds.person);
    const kind = fieldValue(form, absenceIds.kind) as AbsenceKind;
    const startsOn = fieldValue(form, absenceIds.startsOn);
    const endsOn = fieldValue(form, absenceIds.endsOn) || startsOn;
    const invalid: ErrorSummaryItem[] = [];
    if (staffId === '') invalid.push({ text: 'Choose the person', href: `#${absenceIds.person}` });
    if (!ISO_DATE.test(startsOn)) {
      invalid.push({ text: 'Enter the first day away', href: `#${absenceIds.startsOn}` });
    }
    if (invalid.length > 0) {
      setErrors(invalid);
      return;
    }
    void send(async () => {
      await recordAbsence({ staffId, kind, startsOn, endsOn });
      onSaved();
    });
  });

  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <Select
          id={absenceIds.person}
          label="Person"
          prompt="Choose a person"
          options={people.map((p) => ({ value: p.id, label: p.name }))}
          error={fieldError(absenceIds.person)}
        />
        <Select
          id={absenceIds.kind}
          label="Kind of absence"
          options={Object.entries(ABSENCE_KIND_LABELS).map(([value, label]) => ({
            value,
            label,
          }))}
          error={fieldError(absenceIds.kind)}
        />
        <TextInput
          id={absenceIds.startsOn}
          label="First day away"
          type="date"
          className="nhsuk-input--width-10"
          error={fieldError(absenceIds.startsOn)}
        />
        <TextInput
          id={absenceIds.endsOn}
          label="Last day away"
          hint="Leave empty for one day"
          type="date"
          className="nhsuk-input--width-10"
          error={fieldError(absenceIds.endsOn)}
        />
        <Button aria-disabled={busy}>Record absence</Button>
      </form>
    </>
  );
}
