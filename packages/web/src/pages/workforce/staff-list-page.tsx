import { STAFF_ROLES, STAFF_ROLE_LABELS, CAREER_GRADE_LABELS, can } from '@atscale/domain';
import { useState, type SubmitEvent } from 'react';
import { fetchOrganisation, type OrganisationPractice } from '../../api/organisation';
import { fetchStaff, type StaffFilter, type StaffListing } from '../../api/staff';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { fieldValue } from '../../forms/form-data';
import { Link } from '../../router/link';
import { useSession } from '../../session/session-context';
import { principalOf } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';

const ids = { practice: 'staff-filter-practice', role: 'staff-filter-role' } as const;

/** Sessions a week as people say them: "6", "7.5", or "Not recorded". */
const sessionsText = (sessions: number | null): string =>
  sessions === null ? 'Not recorded' : String(sessions);

/** The staff register: everyone the user may see, filtered by practice and role. */
export function StaffListPage() {
  useDocumentTitle('Staff');
  const [filter, setFilter] = useState<StaffFilter>({});
  const key = `staff:${filter.practiceId ?? ''}:${filter.role ?? ''}`;
  const { state, last } = useApi(key, () => fetchStaff(filter));
  const practices = useApi('organisation', fetchOrganisation);
  const session = useSession().state;
  // Central workforce add anyone; a practice manager adds their own practice's staff.
  const canAdd = session.status === 'signed-in' && can(principalOf(session.me), 'staff:manage');

  if (state.status === 'error') {
    if (state.httpStatus === 403) return <PermissionDeniedPage what="the staff register" />;
    return <ServiceUnavailablePage detail={state.detail} />;
  }
  const staff = state.status === 'done' ? state.data : last;
  if (staff === undefined) return <LoadingPage />;
  const practiceList: OrganisationPractice[] =
    practices.state.status === 'done'
      ? [...practices.state.data.practices].sort((a, b) => a.name.localeCompare(b.name))
      : [];

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const practiceId = fieldValue(form, ids.practice);
    const role = fieldValue(form, ids.role);
    setFilter({
      ...(practiceId === '' ? {} : { practiceId }),
      ...(role === '' ? {} : { role }),
    });
  };

  return (
    <>
      <BackLink to="/workforce">Workforce</BackLink>
      <PageHeading caption="Workforce">Staff</PageHeading>
      {canAdd ? (
        <p>
          <Link to="/workforce/staff/new" className="nhsuk-button nhsuk-button--secondary">
            Add a member of staff
          </Link>
        </p>
      ) : null}
      <form onSubmit={onSubmit} noValidate className="app-filter">
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-third">
            <Select
              id={ids.practice}
              label="Practice"
              prompt="All practices"
              defaultValue={filter.practiceId ?? ''}
              options={practiceList.map((p) => ({ value: p.id, label: p.name }))}
            />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <Select
              id={ids.role}
              label="Role"
              prompt="All roles"
              defaultValue={filter.role ?? ''}
              options={STAFF_ROLES.map((role) => ({ value: role, label: STAFF_ROLE_LABELS[role] }))}
            />
          </div>
        </div>
        <Button variant="secondary">Show staff</Button>
      </form>
      <StaffTable staff={staff} />
    </>
  );
}

function StaffTable({ staff }: { staff: readonly StaffListing[] }) {
  if (staff.length === 0) return <p>No staff match.</p>;
  return (
    <Table
      caption={`${String(staff.length)} ${staff.length === 1 ? 'person' : 'people'}`}
      head={['Name', 'Role', 'Grade', 'Home practice', 'Sessions a week']}
      rows={staff.map((person) => ({
        key: person.id,
        cells: [
          <Link key="name" to={`/workforce/staff/${person.id}`}>
            {person.fullName}
          </Link>,
          STAFF_ROLE_LABELS[person.staffRole],
          person.grade === null ? 'None' : CAREER_GRADE_LABELS[person.grade],
          person.homePracticeName ?? 'Central',
          sessionsText(person.contractedSessions),
        ],
      }))}
    />
  );
}
