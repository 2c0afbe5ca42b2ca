import {
  CAREER_GRADE_LABELS,
  MEMBERSHIP_STAGE_LABELS,
  STAFF_ROLE_LABELS,
  type CareerGrade,
  type MembershipStage,
  type StaffRole,
} from '@atscale/domain';
import { fetchPractice, type Practice } from '../../api/organisation';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Details } from '../../components/details';
import { LazyTimeLineChart } from '../../components/lazy-charts';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryList } from '../../components/summary-list';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatCount, formatDate, formatMonthYear, idAsWords } from '../../format/format';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { CONTRACT_HOLDING_LABELS, ContractForm } from './contract-form';
import { usePermission } from '../../session/use-permission';
import { addressValue, SiteCard } from './site-card';
import { SiteForm } from './site-form';
import { useSavedNotice, type SavedNotice } from './use-saved-notice';

/** One practice: contract, sites, people, cost centre and list size history. */
export function PracticePage({ practiceId }: { practiceId: string }) {
  const { state, reload } = useApi(`practice:${practiceId}`, () => fetchPractice(practiceId));
  const { notice, saved } = useSavedNotice(reload);
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    if (state.httpStatus === 404) return <NotFoundPage />;
    return <ServiceUnavailablePage detail={state.detail} />;
  }
  return <PracticeDetails practice={state.data} notice={notice} onSaved={saved} />;
}

const notRecorded = 'Not recorded';

const stageLabel = (stage: string | null): string => {
  if (stage === null) return 'Member (no membership history recorded)';
  return stage in MEMBERSHIP_STAGE_LABELS
    ? MEMBERSHIP_STAGE_LABELS[stage as MembershipStage]
    : idAsWords(stage);
};

const gradeLabel = (grade: string): string =>
  grade in CAREER_GRADE_LABELS ? CAREER_GRADE_LABELS[grade as CareerGrade] : idAsWords(grade);

const roleLabel = (role: string): string =>
  role in STAFF_ROLE_LABELS ? STAFF_ROLE_LABELS[role as StaffRole] : idAsWords(role);

function PracticeDetails({
  practice,
  notice,
  onSaved,
}: {
  practice: Practice;
  notice: SavedNotice | null;
  onSaved: (text: string) => void;
}) {
  useDocumentTitle(practice.name);
  const canManage = usePermission('practice:manage', practice.id);
  const oldestFirst = [...practice.listSizes].reverse();
  // Forms are keyed by the notice, so a saved form closes and starts empty again.
  const version = String(notice?.version ?? 0);
  const staffTotal = practice.staffCounts.reduce((sum, entry) => sum + entry.count, 0);
  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/organisation">Back to organisation</BackLink>
      <PageHeading caption="Practice">{practice.name}</PageHeading>
      <SummaryList
        rows={[
          { key: 'ODS code', value: practice.odsCode },
          { key: 'Status', value: idAsWords(practice.status) },
          { key: 'Membership', value: stageLabel(practice.membershipStage) },
          { key: 'Address', value: addressValue(practice) },
          { key: 'Phone', value: practice.phone ?? notRecorded },
          {
            key: 'Opened',
            value: practice.openedOn ? formatDate(practice.openedOn) : notRecorded,
          },
          { key: 'Commissioner code', value: practice.commissionerCode ?? notRecorded },
        ]}
      />

      <h2>Contract</h2>
      <SummaryList
        rows={[
          { key: 'Contract type', value: practice.contractType ?? notRecorded },
          {
            key: 'Who holds the contract',
            value: practice.contractHolding
              ? CONTRACT_HOLDING_LABELS[practice.contractHolding]
              : notRecorded,
          },
          { key: 'Region', value: practice.region ?? notRecorded },
          {
            key: 'Cost centre',
            value: practice.costCentre ? (
              <>
                {practice.costCentre.code} {practice.costCentre.name}
                <span className="nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-display-block nhsuk-u-margin-bottom-0">
                  since {formatDate(practice.costCentre.since)}
                </span>
              </>
            ) : (
              'None today'
            ),
          },
        ]}
      />
      {canManage ? (
        <Details key={`contract-${version}`} summary="Change the contract or region">
          <ContractForm
            practice={practice}
            onSaved={() => {
              onSaved('The contract and region were saved');
            }}
          />
        </Details>
      ) : null}

      <h2>Sites</h2>
      {practice.sites.length === 0 ? <p>No sites have been recorded for this practice.</p> : null}
      {practice.sites.map((site) => (
        <SiteCard
          key={`${site.id}-${version}`}
          site={site}
          canChange={canManage}
          onSaved={onSaved}
        />
      ))}
      {canManage ? (
        <Details key={`new-site-${version}`} summary="Add a site">
          <SiteForm
            idPrefix="new-site"
            practiceId={practice.id}
            onSaved={(_site, what) => {
              onSaved(what);
            }}
          />
        </Details>
      ) : null}

      <h2>People</h2>
      {practice.partners.length > 0 ? (
        <Table
          caption="Partners"
          head={['Name', 'Grade', 'Partner since']}
          rows={practice.partners.map((partner) => ({
            key: partner.id,
            cells: [
              partner.name,
              gradeLabel(partner.grade),
              partner.startedOn ? formatDate(partner.startedOn) : notRecorded,
            ],
          }))}
        />
      ) : (
        <p>No partners are recorded for this practice.</p>
      )}
      {practice.staffCounts.length > 0 ? (
        <Table
          caption={`Staff by role (${formatCount(staffTotal)} in all)`}
          head={['Role', 'Staff']}
          rows={practice.staffCounts.map((entry) => ({
            key: entry.role,
            cells: [roleLabel(entry.role), formatCount(entry.count)],
          }))}
        />
      ) : (
        <p>No staff are recorded for this practice.</p>
      )}

      <h2>List size</h2>
      {practice.listSizes.length > 0 ? (
        <>
          <LazyTimeLineChart
            caption="List size over time. The list size history table below gives the same numbers."
            data={oldestFirst.map((entry) => ({
              label: formatMonthYear(entry.date),
              value: entry.listSize,
            }))}
          />
          <Table
            caption="List size history"
            head={['Date', 'List size']}
            rows={practice.listSizes.map((entry) => ({
              key: entry.date,
              cells: [formatDate(entry.date), formatCount(entry.listSize)],
            }))}
          />
        </>
      ) : (
        <p>No list sizes have been recorded for this practice.</p>
      )}
    </>
  );
}
