import {
  CAREER_GRADE_LABELS,
  EMPLOYING_BODY_LABELS,
  REGISTRATION_BODY,
  STAFF_ROLE_LABELS,
  STAFF_SKILL_LABELS,
  type CareerGrade,
} from '@atscale/domain';
import { fetchOrganisation, type OrganisationPractice } from '../../api/organisation';
import {
  fetchCareerLadder,
  fetchStaffMember,
  type GradeChange,
  type StaffMember,
} from '../../api/staff';
import { useState } from 'react';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Details } from '../../components/details';
import type { ErrorSummaryItem } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryList } from '../../components/summary-list';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate, yesNo } from '../../format/format';
import { usePermission } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { useSavedNotice, type SavedNotice } from '../organisation/use-saved-notice';
import { GradeMoveForm, StaffEditForm } from './staff-forms';

/** What the person page shows, loaded together. */
interface PersonData {
  member: StaffMember;
  ladder: CareerGrade[];
  practices: OrganisationPractice[];
}

const loadPerson = async (staffId: string): Promise<PersonData> => {
  const [member, ladder, organisation] = await Promise.all([
    fetchStaffMember(staffId),
    fetchCareerLadder(),
    fetchOrganisation(),
  ]);
  const practices = [...organisation.practices].sort((a, b) => a.name.localeCompare(b.name));
  return { member, ladder, practices };
};

/** One member of staff: details, sites, skills and their moves on the career ladder. */
export function StaffMemberPage({ staffId }: { staffId: string }) {
  const { state, reload } = useApi(`staff-member:${staffId}`, () => loadPerson(staffId));
  const { notice, saved } = useSavedNotice(reload);
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    if (state.httpStatus === 404) return <NotFoundPage />;
    if (state.httpStatus === 403) return <PermissionDeniedPage what="this member of staff" />;
    return <ServiceUnavailablePage detail={state.detail} />;
  }
  return <Person data={state.data} notice={notice} onSaved={saved} />;
}

const notRecorded = 'Not recorded';
const gradeText = (grade: CareerGrade | null) =>
  grade === null ? 'None' : CAREER_GRADE_LABELS[grade];

function Person({
  data,
  notice,
  onSaved,
}: {
  data: PersonData;
  notice: SavedNotice | null;
  onSaved: (text: string) => void;
}) {
  const { member, ladder, practices } = data;
  const [moveErrors, setMoveErrors] = useState<ErrorSummaryItem[]>([]);
  const [editErrors, setEditErrors] = useState<ErrorSummaryItem[]>([]);
  const inError = moveErrors.length > 0 || editErrors.length > 0;
  useDocumentTitle(`${inError ? 'Error: ' : ''}${member.fullName}`);
  const canManage = usePermission('staff:manage', member.homePracticeId);
  const register = REGISTRATION_BODY[member.staffRole];
  const version = notice?.version ?? 0;
  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/workforce/staff">Staff</BackLink>
      <PageHeading caption={STAFF_ROLE_LABELS[member.staffRole]}>{member.fullName}</PageHeading>

      <h2>Details</h2>
      <SummaryList
        rows={[
          { key: 'Role', value: STAFF_ROLE_LABELS[member.staffRole] },
          { key: 'Grade', value: gradeText(member.grade) },
          { key: 'Employed by', value: EMPLOYING_BODY_LABELS[member.employingBody] },
          { key: 'Home practice', value: member.homePracticeName ?? 'None (central or locum)' },
          {
            key: 'Contracted sessions a week',
            value:
              member.contractedSessions === null ? notRecorded : String(member.contractedSessions),
          },
          {
            key: register === null ? 'Registration' : `${register} number`,
            value:
              register === null
                ? 'No professional register for this role'
                : (member.registrationNumber ?? notRecorded),
          },
          {
            key: 'Date of birth',
            value: member.dateOfBirth === null ? notRecorded : formatDate(member.dateOfBirth),
          },
          {
            key: 'Started',
            value: member.startedOn === null ? notRecorded : formatDate(member.startedOn),
          },
          ...(member.leftOn === null ? [] : [{ key: 'Left', value: formatDate(member.leftOn) }]),
          { key: 'Resilience team', value: yesNo(member.resilienceTeam) },
          {
            key: 'Pool',
            value: member.pool === null ? 'Not in a pool' : `The ${member.pool} pool`,
          },
        ]}
      />

      <h2>Sites they can work at</h2>
      {member.sites.length === 0 ? (
        <p>Their home practice’s sites only.</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {member.sites.map((site) => (
            <li key={site.id}>{site.name}</li>
          ))}
        </ul>
      )}

      <h2>Skills</h2>
      {member.skills.length === 0 ? (
        <p>No skills recorded.</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {member.skills.map((skill) => (
            <li key={skill}>{STAFF_SKILL_LABELS[skill]}</li>
          ))}
        </ul>
      )}

      <h2>Career ladder</h2>
      <LadderHistory changes={member.gradeChanges} />
      {canManage ? (
        <Details summary="Record a move on the career ladder">
          <GradeMoveForm
            key={`move-${String(version)}`}
            member={member}
            ladder={ladder}
            shared={{ errors: moveErrors, onErrors: setMoveErrors }}
            onSaved={(updated) => {
              const last = updated.gradeChanges.at(-1);
              onSaved(
                last
                  ? `Recorded a move ${last.direction} to ${gradeText(last.toGrade)} from ${formatDate(last.effectiveFrom)}`
                  : 'Recorded the move',
              );
            }}
          />
        </Details>
      ) : null}
      {canManage ? (
        <Details summary="Change their details">
          <StaffEditForm
            key={`edit-${String(version)}`}
            member={member}
            practices={practices}
            shared={{ errors: editErrors, onErrors: setEditErrors }}
            onSaved={() => {
              onSaved('Saved the changes');
            }}
          />
        </Details>
      ) : null}
    </>
  );
}

const directionWords: Record<GradeChange['direction'], { arrow: string; text: string }> = {
  up: { arrow: '↑', text: 'Up' },
  down: { arrow: '↓', text: 'Down' },
};

/** The moves on the ladder, newest first, each saying whether it went up or down. */
function LadderHistory({ changes }: { changes: readonly GradeChange[] }) {
  if (changes.length === 0) return <p>No moves on the career ladder recorded.</p>;
  return (
    <Table
      caption="Moves on the career ladder, newest first"
      head={['From', 'Move', 'Grade', 'Why']}
      rows={[...changes].reverse().map((change) => ({
        key: change.id,
        cells: [
          formatDate(change.effectiveFrom),
          <span key="direction">
            <span aria-hidden="true">{directionWords[change.direction].arrow} </span>
            {directionWords[change.direction].text}
          </span>,
          `${gradeText(change.fromGrade)} to ${gradeText(change.toGrade)}`,
          change.reason,
        ],
      }))}
    />
  );
}
