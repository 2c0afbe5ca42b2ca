import { useState } from 'react';
import { PERIOD_LABELS, STAFF_ROLE_LABELS, type SessionPeriod } from '@atscale/domain';
import { fetchRota, ABSENCE_KIND_LABELS, type RotaSession, type RotaView } from '../../api/rota';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Details } from '../../components/details';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { Link } from '../../router/link';
import { useSession } from '../../session/session-context';
import { mayUse } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import {
  AbsenceList,
  AddSessionForm,
  AssignForm,
  ChangeSessionForm,
  RecordAbsenceForm,
} from './rota-forms';

/** Where a person's rota is. */
export const personRotaPath = (staffId: string) =>
  `/workforce/rota/people/${encodeURIComponent(staffId)}`;

const PERIODS: readonly SessionPeriod[] = ['am', 'pm', 'evening', 'custom'];

/** The date `days` after an ISO date. */
export const addDays = (iso: string, days: number): string => {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

/** The Monday of the week an ISO date falls in. */
export const mondayOf = (iso: string): string => {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(iso, -weekday);
};

const today = () => new Date().toISOString().slice(0, 10);

const lastOfMonth = (iso: string) => {
  const [y = 0, m = 1] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

const dayName = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

/** A gap as an NHS.UK tag, in words as well as colour. */
export function GapTag({ missing }: { missing: number }) {
  if (missing === 0) return null;
  return (
    <strong className="nhsuk-tag nhsuk-tag--red">
      Gap: {missing} {missing === 1 ? 'person' : 'people'} needed
    </strong>
  );
}

/** The people on a session, each linking to their own rota, with who is away. */
export function SessionPeople({ session }: { session: RotaSession }) {
  return (
    <ul className="nhsuk-list nhsuk-u-margin-bottom-1">
      {session.assignments.map((a) => (
        <li key={a.staffId}>
          <Link to={personRotaPath(a.staffId)}>{a.fullName}</Link>
          {a.absence === null ? null : (
            <>
              {' '}
              <strong className="nhsuk-tag nhsuk-tag--orange">
                {ABSENCE_KIND_LABELS[a.absence]}
              </strong>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function SessionCell({ session }: { session: RotaSession }) {
  return (
    <div className="nhsuk-u-margin-bottom-2">
      <span className="nhsuk-body-s nhsuk-u-margin-bottom-0">
        {session.startTime}–{session.endTime} {STAFF_ROLE_LABELS[session.requiredRole]}
      </span>
      <SessionPeople session={session} />
      <GapTag missing={session.missing} />
    </div>
  );
}

/** A week as a grid: a row per site and period, a column per day. */
function WeekGrid({ view }: { view: RotaView }) {
  const days = Array.from({ length: 7 }, (_, i) => addDays(view.from, i));
  const rows = view.sites.flatMap((site) =>
    PERIODS.filter(
      (period) =>
        period !== 'custom' ||
        view.sessions.some((s) => s.siteId === site.id && s.period === 'custom'),
    ).map((period) => ({ site, period })),
  );
  return (
    <div className="app-scroll-x" tabIndex={0} role="region" aria-label="Week rota">
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--m">
          Week of {formatDate(view.from)}
        </caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th className="nhsuk-table__header" scope="col">
              Site and period
            </th>
            {days.map((day) => (
              <th className="nhsuk-table__header" scope="col" key={day}>
                {dayName(day)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {rows.map(({ site, period }) => (
            <tr className="nhsuk-table__row" key={`${site.id}-${period}`}>
              <th className="nhsuk-table__header" scope="row">
                {site.name}: {PERIOD_LABELS[period]}
              </th>
              {days.map((day) => (
                <td className="nhsuk-table__cell" key={day}>
                  {view.sessions
                    .filter((s) => s.siteId === site.id && s.period === period && s.date === day)
                    .map((s) => (
                      <SessionCell session={s} key={s.id} />
                    ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A month as a list of the days that have sessions. */
function MonthList({ view }: { view: RotaView }) {
  const days = [...new Set(view.sessions.map((s) => s.date))];
  if (days.length === 0) return <p>No sessions are planned this month.</p>;
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption nhsuk-table__caption--m">
        Sessions from {formatDate(view.from)} to {formatDate(view.to)}
      </caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th className="nhsuk-table__header" scope="col">
            Day
          </th>
          <th className="nhsuk-table__header" scope="col">
            Sessions
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {days.map((day) => (
          <tr className="nhsuk-table__row" key={day}>
            <th className="nhsuk-table__header" scope="row">
              {dayName(day)}
            </th>
            <td className="nhsuk-table__cell">
              {view.sessions
                .filter((s) => s.date === day)
                .map((s) => (
                  <div key={s.id}>
                    <strong>{s.siteName}</strong> <SessionCell session={s} />
                  </div>
                ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The rota of a practice, a week or a month at a time, with the forms that change it. */
export function RotaWeekPage() {
  useDocumentTitle('Rota');
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.me : undefined;
  const practices = me?.practices ?? [];
  const [practiceId, setPracticeId] = useState(practices[0]?.id ?? '');
  const [mode, setMode] = useState<'week' | 'month'>('week');
  const [anchor, setAnchor] = useState(() => mondayOf(today()));
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const from = mode === 'week' ? anchor : `${anchor.slice(0, 7)}-01`;
  const to = mode === 'week' ? addDays(anchor, 6) : lastOfMonth(anchor);
  const rota = useApi(`${practiceId} ${from} ${to}`, () => fetchRota(practiceId, from, to));

  if (!me) return <LoadingPage />;
  if (practiceId === '') {
    return (
      <>
        <PageHeading caption="Workforce">Rota</PageHeading>
        <p>You do not work at any practice, so there is no rota to show.</p>
      </>
    );
  }
  const canManage = mayUse(me, 'rota:manage', practiceId);
  const view = rota.state.status === 'done' ? rota.state.data : rota.last;
  if (rota.state.status === 'error' && !view) {
    return <ServiceUnavailablePage detail={rota.state.detail} />;
  }
  if (!view) return <LoadingPage />;

  const saved = (text: string) => {
    setNotice(text);
    void rota.reload();
  };
  const step = (direction: 1 | -1) => {
    setNotice(undefined);
    if (mode === 'week') setAnchor(addDays(anchor, 7 * direction));
    else {
      const [y = 0, m = 1] = anchor.split('-').map(Number);
      setAnchor(new Date(Date.UTC(y, m - 1 + direction, 1)).toISOString().slice(0, 10));
    }
  };
  const people = new Map<string, string>();
  for (const s of view.sessions) for (const a of s.assignments) people.set(a.staffId, a.fullName);
  const gaps = view.sessions.filter((s) => s.missing > 0).length;
  const practiceName = practices.find((p) => p.id === practiceId)?.name ?? 'Practice';

  return (
    <>
      <BackLink to="/workforce">Workforce</BackLink>
      {notice === undefined ? null : <SuccessBanner>{notice}</SuccessBanner>}
      <PageHeading caption={practiceName}>Rota</PageHeading>
      <p>
        {view.sessions.length} {view.sessions.length === 1 ? 'session' : 'sessions'},{' '}
        {gaps === 0 ? 'no gaps' : `${String(gaps)} with gaps`}.{' '}
        <Link to="/workforce/gaps">Gaps across the organisation</Link>
      </p>
      {practices.length > 1 ? (
        <Select
          id="rota-practice"
          label="Practice"
          value={practiceId}
          onChange={(event) => {
            setNotice(undefined);
            setPracticeId(event.target.value);
          }}
          options={practices.map((p) => ({ value: p.id, label: p.name }))}
        />
      ) : null}
      <div className="nhsuk-button-group">
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            step(-1);
          }}
        >
          Previous {mode}
        </Button>
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            step(1);
          }}
        >
          Next {mode}
        </Button>
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            setMode(mode === 'week' ? 'month' : 'week');
            setAnchor(mode === 'week' ? anchor : mondayOf(anchor));
          }}
        >
          {mode === 'week' ? 'Show the month' : 'Show a week'}
        </Button>
      </div>
      {mode === 'week' ? <WeekGrid view={view} /> : <MonthList view={view} />}
      {view.absences.length > 0 ? (
        <>
          <h2 className="nhsuk-heading-m">Away</h2>
          <AbsenceList absences={view.absences} canManage={canManage} onCancelled={saved} />
        </>
      ) : null}
      {canManage ? (
        <>
          {view.sessions.some((s) => s.missing > 0) ? (
            <>
              <h2 className="nhsuk-heading-m">Fill a gap</h2>
              {view.sessions
                .filter((s) => s.missing > 0)
                .map((s) => (
                  <AssignForm
                    key={s.id}
                    session={s}
                    onSaved={(after) => {
                      saved(`Rostered on ${after.siteName}, ${formatDate(after.date)}`);
                    }}
                  />
                ))}
            </>
          ) : null}
          <Details summary="Add a session">
            <AddSessionForm
              sites={view.sites}
              onSaved={(made) => {
                saved(`Session added: ${made.map((s) => formatDate(s.date)).join(', ')}`);
              }}
            />
          </Details>
          {view.sessions.length > 0 ? (
            <Details summary="Change or remove a session">
              <ChangeSessionForm sessions={view.sessions} onSaved={saved} />
            </Details>
          ) : null}
          <Details summary="Record leave or sickness">
            <RecordAbsenceForm
              people={[...people].map(([id, name]) => ({ id, name }))}
              onSaved={() => {
                saved('Absence recorded');
              }}
            />
          </Details>
        </>
      ) : null}
    </>
  );
}
