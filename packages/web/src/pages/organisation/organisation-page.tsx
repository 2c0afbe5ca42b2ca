import {
  fetchFormChanges,
  fetchOrganisation,
  fetchSites,
  type FormChange,
  type Organisation,
  type SiteListing,
} from '../../api/organisation';
import { useApi } from '../../api/use-api';
import { sectionPages } from '../../capabilities';
import { Details } from '../../components/details';
import { LazyHorizontalBarChart } from '../../components/lazy-charts';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryList } from '../../components/summary-list';
import { Table } from '../../components/table';
import { WideTable } from '../../components/wide-table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatCount, formatDate, formatPence, idAsWords, yesNo } from '../../format/format';
import { formLabel } from '../../labels';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { usePermission } from '../../session/use-permission';
import { FormChangeForm } from './form-change-form';
import { SiteCard } from './site-card';
import { SiteForm } from './site-form';
import { useSavedNotice, type SavedNotice } from './use-saved-notice';

const listOnLeaving: Record<string, string> = {
  'stays-with-organisation': 'The list stays with the organisation',
  'leaves-with-practice': 'The list leaves with the practice',
};

const profitLabels: Record<string, string> = {
  pooled: 'Pooled across the organisation',
  'per-cost-centre': 'Kept by each practice as a cost centre, less the levy',
  'members-own': 'Each member keeps its own',
};

const statusLabels: Record<FormChange['status'], string> = {
  past: 'Past',
  'in-force': 'In force',
  scheduled: 'Scheduled',
};

/** Everything the organisation page shows, loaded together. */
interface OverviewData {
  organisation: Organisation;
  formChanges: FormChange[];
  sites: SiteListing[];
}

const loadOverview = async (): Promise<OverviewData> => {
  const [organisation, formChanges, sites] = await Promise.all([
    fetchOrganisation(),
    fetchFormChanges(),
    fetchSites(),
  ]);
  return { organisation, formChanges, sites };
};

/** The organisation overview: its form over time, totals, practices and their list sizes. */
export function OrganisationPage() {
  const { state, reload } = useApi('organisation', loadOverview);
  const { notice, saved } = useSavedNotice(reload);
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') return <ServiceUnavailablePage detail={state.detail} />;
  return <OrganisationOverview data={state.data} notice={notice} onSaved={saved} />;
}

function OrganisationOverview({
  data,
  notice,
  onSaved,
}: {
  data: OverviewData;
  notice: SavedNotice | null;
  onSaved: (text: string) => void;
}) {
  useDocumentTitle('Organisation');
  const { organisation, formChanges } = data;
  const { policy, totals } = organisation;
  const canManage = usePermission('organisation:manage', null);
  const practices = [...organisation.practices].sort((a, b) => a.name.localeCompare(b.name));
  const ownSites = data.sites.filter((site) => site.practiceId === null);
  const levy = policy.defaultLevy;
  // Forms are keyed by the notice, so a saved form closes and starts empty again.
  const version = notice?.version ?? 0;
  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <PageHeading caption="Organisation">{organisation.name}</PageHeading>
      <p className="nhsuk-lede-text">{formLabel(organisation.form)}</p>
      <ul className="nhsuk-list">
        <li>
          <Link to="/patients">Find a patient</Link>
        </li>
        {sectionPages
          .filter((page) => page.capability === 'org')
          .map((page) => (
            <li key={page.path}>
              <Link to={page.path}>{page.title}</Link>
            </li>
          ))}
      </ul>

      <ul className="nhsuk-list app-totals">
        <li>
          <strong className="nhsuk-heading-l nhsuk-u-margin-bottom-0">
            {formatCount(totals.listSize)}
          </strong>{' '}
          patients in total
        </li>
        <li>
          <strong className="nhsuk-heading-l nhsuk-u-margin-bottom-0">
            {formatCount(totals.practices)}
          </strong>{' '}
          {totals.practices === 1 ? 'practice' : 'practices'}
        </li>
        <li>
          <strong className="nhsuk-heading-l nhsuk-u-margin-bottom-0">
            {formatCount(totals.sites)}
          </strong>{' '}
          {totals.sites === 1 ? 'site' : 'sites'}
        </li>
      </ul>

      <h2>Form</h2>
      <SummaryList
        rows={[
          { key: 'Form in force', value: formLabel(organisation.form) },
          { key: 'Since', value: formatDate(organisation.formSince) },
          {
            key: 'Scheduled change',
            value: organisation.scheduledChange
              ? `${formLabel(organisation.scheduledChange.form)} from ${formatDate(organisation.scheduledChange.effectiveFrom)}`
              : 'None recorded',
          },
        ]}
      />
      <Table
        caption="Form history, newest first"
        head={['From', 'Form', 'Status', 'Why']}
        rows={formChanges.map((change) => ({
          key: `${change.effectiveFrom}-${change.form}`,
          cells: [
            formatDate(change.effectiveFrom),
            formLabel(change.form),
            statusLabels[change.status],
            change.reason ?? (change.id === null ? 'The form it was created with' : ''),
          ],
        }))}
      />
      {canManage ? (
        <Details key={`form-${String(version)}`} summary="Change the form">
          <p>
            The new form decides the defaults everything else reads: booking across sites, the levy,
            where a leaving member’s list goes. It takes effect from the date you give.
          </p>
          <FormChangeForm
            currentForm={organisation.form}
            onSaved={(change) => {
              onSaved(
                `The change to ${formLabel(change.form)} from ${formatDate(change.effectiveFrom)} was recorded`,
              );
            }}
          />
        </Details>
      ) : null}

      <h2>What the form decides</h2>
      <SummaryList
        rows={[
          { key: 'Patients can book at any site', value: yesNo(policy.bookAtAnySite) },
          {
            key: 'The organisation has sites of its own',
            value: yesNo(policy.organisationOwnsSites),
          },
          { key: 'Members keep their own contracts', value: yesNo(policy.membersKeepOwnContracts) },
          { key: 'Profit', value: profitLabels[policy.profit] ?? idAsWords(policy.profit) },
          {
            key: 'Default levy',
            value: (
              <>
                <p className="nhsuk-u-margin-bottom-2">
                  {formatPence(levy.pencePerPatientPerYear)} per patient per year
                </p>
                <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">{levy.why}</p>
              </>
            ),
          },
          {
            key: 'When a member leaves',
            value: listOnLeaving[policy.listOnLeaving] ?? idAsWords(policy.listOnLeaving),
          },
          {
            key: 'VAT on services between members',
            value: yesNo(policy.vatOnServicesBetweenMembers),
          },
          {
            key: 'Members keep their own CQC registration',
            value: yesNo(policy.membersKeepOwnCqcRegistration),
          },
          { key: 'Elected board', value: yesNo(policy.electedBoard) },
        ]}
      />

      {practices.length > 0 ? (
        <>
          <WideTable
            caption="Practices"
            head={['ODS code', 'Practice', 'List size', 'Sites', 'Partners']}
            rows={practices.map((practice) => ({
              key: practice.id,
              cells: [
                practice.odsCode,
                <Link to={`/organisation/practices/${practice.id}`}>{practice.name}</Link>,
                practice.listSize === null ? (
                  'Not recorded'
                ) : (
                  <>
                    {formatCount(practice.listSize)}
                    {practice.listSizeDate ? (
                      <span className="nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-display-block nhsuk-u-margin-bottom-0">
                        on {formatDate(practice.listSizeDate)}
                      </span>
                    ) : null}
                  </>
                ),
                formatCount(practice.siteCount),
                formatCount(practice.partnerCount),
              ],
            }))}
          />
          <h2>List size by practice</h2>
          <LazyHorizontalBarChart
            caption="Latest list size of each practice. The practices table above gives the same numbers."
            data={practices.map((practice) => ({
              label: practice.odsCode,
              value: practice.listSize ?? 0,
            }))}
          />
        </>
      ) : (
        <p>The organisation has no member practices yet.</p>
      )}

      {policy.organisationOwnsSites || ownSites.length > 0 ? (
        <>
          <h2>The organisation’s own sites</h2>
          <p>
            Sites that belong to the whole organisation rather than one member practice, such as a
            hub or an open-access phlebotomy clinic.
          </p>
          {!policy.organisationOwnsSites ? (
            <p>
              The form in force gives every site to a member practice: these sites are from an
              earlier form.
            </p>
          ) : null}
          {ownSites.length === 0 ? <p>None recorded yet.</p> : null}
          {ownSites.map((site) => (
            <SiteCard
              key={`${site.id}-${String(version)}`}
              site={site}
              canChange={canManage}
              onSaved={onSaved}
            />
          ))}
          {canManage && policy.organisationOwnsSites ? (
            <Details key={`new-site-${String(version)}`} summary="Add a site of the organisation">
              <SiteForm
                idPrefix="new-organisation-site"
                practiceId={null}
                onSaved={(_site, what) => {
                  onSaved(what);
                }}
              />
            </Details>
          ) : null}
        </>
      ) : null}
    </>
  );
}
