import { useState } from 'react';
import { PERIOD_LABELS, STAFF_ROLE_LABELS, STAFF_ROLES, type SessionPeriod } from '@atscale/domain';
import {
  ABSENCE_KIND_LABELS,
  assignStaff,
  cancelAbsence,
  createSessions,
  deleteSession,
  fetchEligibleStaff,
  recordAbsence,
  updateSession,
  type Absence,
  type AbsenceKind,
  type SessionChanges,
  type EligibleStaff,
  type RotaSession,
} from '../../api/rota';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { Select } from '../../components/select';
import { TextInput } from '../../components/text-input';
import { dateInputToIso } from '../../format/date-input';
import { formatDate } from '../../format/format';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { refusedItems } from '../organisation/site-form-values';

const PERIODS: readonly SessionPeriod[] = ['am', 'pm', 'evening', 'custom'];

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

/** The ids of the controls of {@link SessionFields}. */
type SessionFieldIds = Record<
  'date' | 'period' | 'startTime' | 'endTime' | 'role' | 'staffNeeded' | 'urgency',
  string
>;

// The times of a custom session, as the form asks for them.
const SESSION_TIMES = [
  { name: 'startTime', label: 'Start time', example: '09:15' },
  { name: 'endTime', label: 'End time', example: '11:45' },
] as const;

/**
 * The control of a session form that a refused field names (`body/dates/0`, `body/period`):
 * `extra` adds the fields only one form has; a field it does not know goes to `fallback`.
 */
const sessionControlFor =
  (ids: SessionFieldIds, fallback: string, extra: Record<string, string> = {}) =>
  (field: string): string => {
    const name = field.split('/').filter(Boolean)[1] ?? field.split('/').pop() ?? '';
    const map: Record<string, string> = {
      ...extra,
      date: `${ids.date}-day`,
      period: ids.period,
      startTime: ids.startTime,
      endTime: ids.endTime,
      requiredRole: ids.role,
      staffNeeded: ids.staffNeeded,
      urgency: ids.urgency,
    };
    return map[name] ?? fallback;
  };

const sessionIdFor = sessionControlFor(sessionIds, sessionIds.site, {
  siteId: sessionIds.site,
  dates: `${sessionIds.date}-day`,
});

/**
 * What a session is (its date, period or times, role, people needed and urgency), as the
 * controls of a form that plans a session or changes one, starting from `defaults`.
 */
function SessionFields({
  ids,
  dateHint,
  defaults,
  rolePrompt,
  period,
  onPeriodChange,
  fieldError,
}: {
  ids: SessionFieldIds;
  dateHint: string;
  defaults: {
    date?: string;
    startTime?: string;
    endTime?: string;
    role?: string;
    staffNeeded: string;
    urgency: string;
  };
  rolePrompt?: string;
  period: SessionPeriod;
  onPeriodChange: (period: SessionPeriod) => void;
  fieldError: (id: string) => string | undefined;
}) {
  return (
    <>
      <DateInput
        id={ids.date}
        legend="Date of the session"
        hint={dateHint}
        defaultValue={defaults.date}
        error={fieldError(`${ids.date}-day`)}
      />
      <Select
        id={ids.period}
        label="Period"
        hint="Morning 08:00 to 12:30, afternoon 13:30 to 18:30, evening 18:30 to 20:00"
        value={period}
        onChange={(event) => {
          onPeriodChange(event.target.value as SessionPeriod);
        }}
        options={PERIODS.map((p) => ({ value: p, label: PERIOD_LABELS[p] }))}
        error={fieldError(ids.period)}
      />
      {period === 'custom' ? (
        <>
          {SESSION_TIMES.map((time) => (
            <TextInput
              key={time.name}
              id={ids[time.name]}
              label={time.label}
              hint={`24-hour clock, for example ${time.example}`}
              className="nhsuk-input--width-5"
              defaultValue={defaults[time.name]}
              error={fieldError(ids[time.name])}
            />
          ))}
        </>
      ) : null}
      <Select
        id={ids.role}
        label="Role needed"
        prompt={rolePrompt}
        defaultValue={defaults.role}
        options={STAFF_ROLES.map((r) => ({ value: r, label: STAFF_ROLE_LABELS[r] }))}
        error={fieldError(ids.role)}
      />
      <TextInput
        id={ids.staffNeeded}
        label="People needed"
        inputMode="numeric"
        defaultValue={defaults.staffNeeded}
        className="nhsuk-input--width-2"
        error={fieldError(ids.staffNeeded)}
      />
      <Select
        id={ids.urgency}
        label="Urgency"
        hint="5: the practice cannot open without it"
        defaultValue={defaults.urgency}
        options={['1', '2', '3', '4', '5'].map((u) => ({ value: u, label: u }))}
        error={fieldError(ids.urgency)}
      />
    </>
  );
}

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
    const date = dateInputToIso(dateParts(form, sessionIds.date), 'Date of the session');
    const role = fieldValue(form, sessionIds.role);
    const staffNeeded = Number(fieldValue(form, sessionIds.staffNeeded) || '1');
    const urgency = Number(fieldValue(form, sessionIds.urgency) || '3');
    const invalid: ErrorSummaryItem[] = [];
    if (siteId === '') invalid.push({ text: 'Choose the site', href: `#${sessionIds.site}` });
    if (!date.ok) invalid.push({ text: date.message, href: `#${sessionIds.date}-day` });
    if (role === '') invalid.push({ text: 'Choose the role', href: `#${sessionIds.role}` });
    if (invalid.length > 0 || !date.ok) {
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
          dates: [date.iso],
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
        <SessionFields
          ids={sessionIds}
          dateHint="For example, 1 12 2026"
          defaults={{ staffNeeded: '1', urgency: '3' }}
          rolePrompt="Choose a role"
          period={period}
          onPeriodChange={setPeriod}
          fieldError={fieldError}
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
  const name = field.split('/').filter(Boolean)[1] ?? field.split('/').pop() ?? '';
  if (name === 'kind') return absenceIds.kind;
  if (name === 'startsOn') return `${absenceIds.startsOn}-day`;
  if (name === 'endsOn') return `${absenceIds.endsOn}-day`;
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
    const startsOn = dateInputToIso(dateParts(form, absenceIds.startsOn), 'First day away');
    const lastParts = dateParts(form, absenceIds.endsOn);
    const blankLast = lastParts.day === '' && lastParts.month === '' && lastParts.year === '';
    const endsOn = blankLast ? startsOn : dateInputToIso(lastParts, 'Last day away');
    const invalid: ErrorSummaryItem[] = [];
    if (staffId === '') invalid.push({ text: 'Choose the person', href: `#${absenceIds.person}` });
    if (!startsOn.ok) {
      invalid.push({ text: startsOn.message, href: `#${absenceIds.startsOn}-day` });
    }
    if (!blankLast && !endsOn.ok) {
      invalid.push({ text: endsOn.message, href: `#${absenceIds.endsOn}-day` });
    }
    if (invalid.length > 0 || !startsOn.ok || !endsOn.ok) {
      setErrors(invalid);
      return;
    }
    void send(async () => {
      await recordAbsence({ staffId, kind, startsOn: startsOn.iso, endsOn: endsOn.iso });
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
        <DateInput
          id={absenceIds.startsOn}
          legend="First day away"
          hint="For example, 1 12 2026"
          error={fieldError(`${absenceIds.startsOn}-day`)}
        />
        <DateInput
          id={absenceIds.endsOn}
          legend="Last day away"
          hint="Leave empty for one day"
          error={fieldError(`${absenceIds.endsOn}-day`)}
        />
        <Button aria-disabled={busy}>Record absence</Button>
      </form>
    </>
  );
}

const editIds = {
  session: 'edit-session-choice',
  date: 'edit-session-date',
  period: 'edit-session-period',
  startTime: 'edit-session-start',
  endTime: 'edit-session-end',
  role: 'edit-session-role',
  staffNeeded: 'edit-session-staff-needed',
  urgency: 'edit-session-urgency',
  remove: 'edit-session-remove',
} as const;

const editIdFor = sessionControlFor(editIds, editIds.period);

/** A session as a person reads it in a list: "Mon 1 Dec, Riverside, 08:00 to 12:30, GP". */
export const sessionLabel = (session: RotaSession) =>
  `${formatDate(session.date)}, ${session.siteName}, ${session.startTime} to ${session.endTime}, ${STAFF_ROLE_LABELS[session.requiredRole]}`;

/** Changes or moves a session: only what was changed is sent. */
function EditSessionForm({
  session,
  onSaved,
}: {
  session: RotaSession;
  onSaved: (session: RotaSession) => void;
}) {
  const [period, setPeriod] = useState<SessionPeriod>(session.period);
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(editIdFor, editIds.period),
  });

  const handleSubmit = onSubmit((form) => {
    const date = dateInputToIso(dateParts(form, editIds.date), 'Date of the session');
    if (!date.ok) {
      setErrors([{ text: date.message, href: `#${editIds.date}-day` }]);
      return;
    }
    const role = fieldValue(form, editIds.role) as RotaSession['requiredRole'];
    const staffNeeded = Number(fieldValue(form, editIds.staffNeeded));
    const urgency = Number(fieldValue(form, editIds.urgency));
    const changes: SessionChanges = {
      ...(date.iso === session.date ? {} : { date: date.iso }),
      ...(period === session.period ? {} : { period }),
      ...(role === session.requiredRole ? {} : { requiredRole: role }),
      ...(staffNeeded === session.staffNeeded ? {} : { staffNeeded }),
      ...(urgency === session.urgency ? {} : { urgency }),
    };
    if (period === 'custom') {
      const startTime = fieldValue(form, editIds.startTime);
      const endTime = fieldValue(form, editIds.endTime);
      if (period !== session.period || startTime !== session.startTime)
        changes.startTime = startTime;
      if (period !== session.period || endTime !== session.endTime) changes.endTime = endTime;
    }
    if (Object.keys(changes).length === 0) {
      setErrors([
        { text: 'Change something about the session first', href: `#${editIds.date}-day` },
      ]);
      return;
    }
    void send(async () => {
      onSaved(await updateSession(session.id, changes));
    });
  });

  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <SessionFields
          ids={editIds}
          dateHint="A new date moves it; everyone on it must still be free"
          defaults={{
            date: session.date,
            startTime: session.startTime,
            endTime: session.endTime,
            role: session.requiredRole,
            staffNeeded: String(session.staffNeeded),
            urgency: String(session.urgency),
          }}
          period={period}
          onPeriodChange={setPeriod}
          fieldError={fieldError}
        />
        <Button aria-disabled={busy}>Save changes to the session</Button>
      </form>
    </>
  );
}

/** Removes a session, once the user has confirmed it. */
function RemoveSession({ session, onRemoved }: { session: RotaSession; onRemoved: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const { errors, busy, send } = useFormSubmission({
    refused: refusedItems(() => editIds.remove, editIds.remove),
  });
  if (!confirming) {
    return (
      <Button
        type="button"
        variant="warning"
        id={editIds.remove}
        onClick={() => {
          setConfirming(true);
        }}
      >
        Remove this session
      </Button>
    );
  }
  const rostered = session.assignments.length;
  return (
    <>
      <ErrorSummary items={errors} />
      <div className="nhsuk-warning-callout">
        <h3 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            Remove the session?
          </span>
        </h3>
        <p>
          {sessionLabel(session)}.{' '}
          {rostered === 0
            ? 'Nobody is rostered on it.'
            : `${String(rostered)} ${rostered === 1 ? 'person comes' : 'people come'} off it.`}
        </p>
        <div className="nhsuk-button-group">
          <Button
            type="button"
            variant="warning"
            id={editIds.remove}
            aria-disabled={busy}
            onClick={() => {
              void send(async () => {
                await deleteSession(session.id);
                onRemoved();
              });
            }}
          >
            Yes, remove it
          </Button>
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setConfirming(false);
            }}
          >
            No, keep it
          </Button>
        </div>
      </div>
    </>
  );
}

/** Chooses one of the sessions shown, then changes, moves or removes it. */
export function ChangeSessionForm({
  sessions,
  onSaved,
}: {
  sessions: readonly RotaSession[];
  onSaved: (text: string) => void;
}) {
  const [sessionId, setSessionId] = useState('');
  const session = sessions.find((s) => s.id === sessionId);
  return (
    <>
      <Select
        id={editIds.session}
        label="Session"
        prompt="Choose a session"
        value={sessionId}
        onChange={(event) => {
          setSessionId(event.target.value);
        }}
        options={sessions.map((s) => ({ value: s.id, label: sessionLabel(s) }))}
      />
      {session ? (
        <div key={session.id}>
          <EditSessionForm
            session={session}
            onSaved={(after) => {
              setSessionId('');
              onSaved(`Session changed: ${sessionLabel(after)}`);
            }}
          />
          <RemoveSession
            session={session}
            onRemoved={() => {
              setSessionId('');
              onSaved(`Session removed: ${sessionLabel(session)}`);
            }}
          />
        </div>
      ) : null}
    </>
  );
}

/** The leave and sickness in the period, each with a button to cancel it when allowed. */
export function AbsenceList({
  absences,
  canManage,
  onCancelled,
}: {
  absences: readonly Absence[];
  canManage: boolean;
  onCancelled: (text: string) => void;
}) {
  const { errors, busy, send } = useFormSubmission({
    refused: refusedItems(() => 'absence-list', 'absence-list'),
  });
  const describe = (a: Absence) =>
    `${a.fullName}: ${ABSENCE_KIND_LABELS[a.kind]}, ${formatDate(a.startsOn)} to ${formatDate(a.endsOn)}`;
  return (
    <>
      <ErrorSummary items={errors} />
      <ul className="nhsuk-list" id="absence-list" tabIndex={-1}>
        {absences.map((a) => (
          <li key={a.id}>
            {describe(a)}
            {canManage ? (
              <>
                {' '}
                <Button
                  type="button"
                  variant="secondary"
                  className="nhsuk-u-margin-bottom-0 nhsuk-u-margin-left-2"
                  aria-disabled={busy}
                  aria-label={`Cancel absence: ${describe(a)}`}
                  onClick={() => {
                    void send(async () => {
                      await cancelAbsence(a.id);
                      onCancelled(`Absence cancelled: ${describe(a)}`);
                    });
                  }}
                >
                  Cancel absence
                </Button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
