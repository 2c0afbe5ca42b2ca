import {
  RESILIENCE_AMBER_BELOW,
  RESILIENCE_RED_BELOW,
  RESILIENCE_COMPONENT_LABELS,
  RESILIENCE_COMPONENTS,
  RESILIENCE_WEIGHTS,
  type ResilienceRag,
} from '@atscale/domain';
import {
  fetchCrises,
  fetchResilience,
  type Crisis,
  type PracticeResilience,
} from '../../api/resilience';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Details } from '../../components/details';
import { LazyHorizontalBarChart } from '../../components/lazy-charts';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { Table } from '../../components/table';
import { WideTable } from '../../components/wide-table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { Link } from '../../router/link';
import { useSession } from '../../session/session-context';
import { mayUse } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { useSavedNotice, type SavedNotice } from '../organisation/use-saved-notice';
import { DeclareCrisisForm } from './resilience-forms';

/** Where a practice's resilience page is. */
export const resiliencePath = (practiceId: string) =>
  `/workforce/resilience/${encodeURIComponent(practiceId)}`;

const RAG_TAGS: Readonly<Record<ResilienceRag, { label: string; className: string }>> = {
  red: { label: 'Red: at risk', className: 'nhsuk-tag nhsuk-tag--red' },
  amber: { label: 'Amber: watch', className: 'nhsuk-tag nhsuk-tag--orange' },
  green: { label: 'Green: resilient', className: 'nhsuk-tag nhsuk-tag--green' },
};

/** A score's RAG rating as an NHS.UK tag, in words as well as colour. */
export function RagTag({ rag }: { rag: ResilienceRag }) {
  const tag = RAG_TAGS[rag];
  return <strong className={tag.className}>{tag.label}</strong>;
}

/** The reasons of a score as a list, or a line saying there are none. */
export function Reasons({ reasons }: { reasons: readonly string[] }) {
  if (reasons.length === 0) return <>No weak spots</>;
  return (
    <ul className="nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-0">
      {reasons.map((reason) => (
        <li key={reason}>{reason}</li>
      ))}
    </ul>
  );
}

/** How the score is worked out, for anyone who asks. */
export function HowScored() {
  return (
    <Details summary="How the score is worked out">
      <p>
        Each practice starts at 100 and loses up to a set number of points for each of these; red is
        below {RESILIENCE_RED_BELOW}, amber below {RESILIENCE_AMBER_BELOW}, green from{' '}
        {RESILIENCE_AMBER_BELOW}.
      </p>
      <ul>
        {RESILIENCE_COMPONENTS.map((key) => (
          <li key={key}>
            {RESILIENCE_COMPONENT_LABELS[key]}: up to {RESILIENCE_WEIGHTS[key]} points
          </li>
        ))}
      </ul>
      <p>
        Assumptions: 8 sessions a week are one whole-time equivalent; GPs typically retire at 60;
        England has about 2,100 patients per clinical WTE (of the order of NHS Digital’s GP
        workforce figures). Clinical means GPs, advanced nurse practitioners and physician
        associates.
      </p>
    </Details>
  );
}

/** The crises as a table. */
export function CrisesTable({ crises, caption }: { crises: readonly Crisis[]; caption: string }) {
  return (
    <WideTable
      caption={caption}
      head={['Practice', 'What has happened', 'Period', 'Resilience team']}
      rows={crises.map((crisis) => ({
        key: crisis.id,
        cells: [
          <Link key="practice" to={resiliencePath(crisis.practiceId)}>
            {crisis.practiceName}
          </Link>,
          crisis.reason,
          `${formatDate(crisis.startsOn)} to ${formatDate(crisis.endsOn)}`,
          crisis.deployed.length === 0
            ? 'Nobody deployed yet'
            : `${crisis.deployed.map((d) => d.name).join(', ')} (${String(crisis.sessions)} sessions)`,
        ],
      }))}
    />
  );
}

/** The resilience dashboard: practices ranked worst first, with reasons, a chart and crises. */
export function ResilienceDashboardPage() {
  const scores = useApi('resilience', fetchResilience);
  const crises = useApi('crises', fetchCrises);
  const reload = async () => {
    await Promise.all([scores.reload(), crises.reload()]);
  };
  const { notice, saved } = useSavedNotice(reload);
  if (scores.state.status === 'loading' || crises.state.status === 'loading') {
    return <LoadingPage />;
  }
  if (scores.state.status === 'error') {
    if (scores.state.httpStatus === 403)
      return <PermissionDeniedPage what="practices’ resilience" />;
    return <ServiceUnavailablePage detail={scores.state.detail} />;
  }
  if (crises.state.status === 'error') {
    return <ServiceUnavailablePage detail={crises.state.detail} />;
  }
  return (
    <Dashboard
      practices={scores.state.data}
      crises={crises.state.data.crises}
      notice={notice}
      onSaved={saved}
    />
  );
}

function Dashboard({
  practices,
  crises,
  notice,
  onSaved,
}: {
  practices: readonly PracticeResilience[];
  crises: readonly Crisis[];
  notice: SavedNotice | null;
  onSaved: (text: string) => void;
}) {
  useDocumentTitle('Practice resilience');
  const { state } = useSession();
  const declarable =
    state.status === 'signed-in'
      ? practices
          .filter((p) => mayUse(state.me, 'crisis:manage', p.practiceId))
          .map((p) => ({ id: p.practiceId, name: p.practiceName }))
          .sort((a, b) => a.name.localeCompare(b.name))
      : [];
  const version = String(notice?.version ?? 0);
  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/workforce">Back to workforce</BackLink>
      <PageHeading caption="Workforce">Practice resilience</PageHeading>
      <p className="nhsuk-lede-text">
        How far each practice is from being one event away from disaster, scored from 0 (at risk) to
        100 (resilient), worst first.
      </p>
      <HowScored />
      {practices.length === 0 ? (
        <p>There are no practices to score.</p>
      ) : (
        <>
          <LazyHorizontalBarChart
            caption="Resilience score by practice, worst first. The table below gives the same numbers."
            data={practices.map((p) => ({ label: p.practiceName, value: p.score }))}
          />
          <Table
            caption="Practices by resilience, worst first"
            head={['Practice', 'Score', 'Rating', 'Reasons']}
            rows={practices.map((p) => ({
              key: p.practiceId,
              cells: [
                <Link key="practice" to={resiliencePath(p.practiceId)}>
                  {p.practiceName}
                </Link>,
                `${String(p.score)} out of 100`,
                <RagTag key="rag" rag={p.rag} />,
                <Reasons key="reasons" reasons={p.reasons} />,
              ],
            }))}
          />
        </>
      )}

      <h2>Crises</h2>
      {crises.length === 0 ? (
        <p>No practice has declared a crisis.</p>
      ) : (
        <CrisesTable crises={crises} caption="Crises, newest first" />
      )}
      {declarable.length > 0 ? (
        <Details key={`declare-${version}`} summary="Declare a crisis">
          <DeclareCrisisForm
            practices={declarable}
            onSaved={(crisis) => {
              onSaved(`A crisis was declared at ${crisis.practiceName}`);
            }}
          />
        </Details>
      ) : null}
    </>
  );
}
