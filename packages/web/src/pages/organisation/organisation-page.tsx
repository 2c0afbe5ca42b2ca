import { lazy, Suspense } from 'react';
import { fetchOrganisation, type Organisation } from '../../api/organisation';
import { useApi } from '../../api/use-api';
import { SummaryList } from '../../components/summary-list';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatCount, formatDate, formatPence, idAsWords, yesNo } from '../../format/format';
import { formLabel } from '../../labels';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';

// The charting library is large, so it loads only when a chart is shown.
const HorizontalBarChart = lazy(async () => ({
  default: (await import('../../components/bar-chart')).HorizontalBarChart,
}));

const listOnLeaving: Record<string, string> = {
  'stays-with-organisation': 'The list stays with the organisation',
  'leaves-with-practice': 'The list leaves with the practice',
};

const profitLabels: Record<string, string> = {
  pooled: 'Pooled across the organisation',
  'per-cost-centre': 'Kept by each practice as a cost centre, less the levy',
  'members-own': 'Each member keeps its own',
};

/** The organisation overview: what its form decides, its practices and their list sizes. */
export function OrganisationPage() {
  const state = useApi('organisation', fetchOrganisation);
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') return <ServiceUnavailablePage detail={state.detail} />;
  return <OrganisationOverview organisation={state.data} />;
}

function OrganisationOverview({ organisation }: { organisation: Organisation }) {
  useDocumentTitle('Organisation');
  const { policy } = organisation;
  const practices = [...organisation.practices].sort((a, b) => a.name.localeCompare(b.name));
  const totalPatients = practices.reduce((sum, practice) => sum + (practice.listSize ?? 0), 0);
  const levy = policy.defaultLevy;
  return (
    <>
      <h1>
        <span className="nhsuk-caption-l">
          Organisation
          <span className="nhsuk-u-visually-hidden"> - </span>
        </span>
        {organisation.name}
      </h1>
      <p className="nhsuk-lede-text">{formLabel(organisation.form)}</p>
      <p>
        <Link to="/patients">Find a patient</Link>
      </p>

      <ul className="nhsuk-list app-totals">
        <li>
          <strong className="nhsuk-heading-l nhsuk-u-margin-bottom-0">
            {formatCount(totalPatients)}
          </strong>{' '}
          patients in total
        </li>
        <li>
          <strong className="nhsuk-heading-l nhsuk-u-margin-bottom-0">{practices.length}</strong>{' '}
          {practices.length === 1 ? 'practice' : 'practices'}
        </li>
      </ul>

      <h2>What the form decides</h2>
      <SummaryList
        rows={[
          { key: 'Patients can book at any site', value: yesNo(policy.bookAtAnySite) },
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
          <Table
            caption="Practices"
            head={['ODS code', 'Practice', 'List size', 'Status']}
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
                idAsWords(practice.status),
              ],
            }))}
          />
          <h2>List size by practice</h2>
          <Suspense fallback={<p className="nhsuk-body-s">Loading chart…</p>}>
            <HorizontalBarChart
              caption="Latest list size of each practice. The practices table above gives the same numbers."
              data={practices.map((practice) => ({
                label: practice.odsCode,
                value: practice.listSize ?? 0,
              }))}
            />
          </Suspense>
        </>
      ) : (
        <p>The organisation has no member practices yet.</p>
      )}
    </>
  );
}
