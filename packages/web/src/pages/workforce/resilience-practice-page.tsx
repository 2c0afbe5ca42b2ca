import {
  fetchCrises,
  fetchPracticeResilience,
  type Crisis,
  type PracticeResilienceDetail,
  type TeamMember,
} from '../../api/resilience';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Details } from '../../components/details';
import { LazyTimeLineChart } from '../../components/lazy-charts';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryList } from '../../components/summary-list';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { usePermission } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { useSavedNotice, type SavedNotice } from '../organisation/use-saved-notice';
import { CrisesTable, HowScored, RagTag, Reasons } from './resilience-dashboard-page';
import { DeclareCrisisForm, DeployTeamForm, EndCrisisForm } from './resilience-forms';

/** One practice's resilience: score, components, reasons, 8-week trend and its crises. */
export function ResiliencePracticePage({ practiceId }: { practiceId: string }) {
  const detail = useApi(`resilience:${practiceId}`, () => fetchPracticeResilience(practiceId));
  const crises = useApi('crises', fetchCrises);
  const reload = async () => {
    await Promise.all([detail.reload(), crises.reload()]);
  };
  const { notice, saved } = useSavedNotice(reload);
  if (detail.state.status === 'loading' || crises.state.status === 'loading') {
    return <LoadingPage />;
  }
  if (detail.state.status === 'error') {
    if (detail.state.httpStatus === 404) return <NotFoundPage />;
    if (detail.state.httpStatus === 403) {
      return <PermissionDeniedPage what="this practice’s resilience" />;
    }
    return <ServiceUnavailablePage detail={detail.state.detail} />;
  }
  if (crises.state.status === 'error') {
    return <ServiceUnavailablePage detail={crises.state.detail} />;
  }
  return (
    <PracticeResilience
      detail={detail.state.data}
      crises={crises.state.data.crises.filter((c) => c.practiceId === practiceId)}
      team={crises.state.data.team}
      notice={notice}
      onSaved={saved}
    />
  );
}

function PracticeResilience({
  detail,
  crises,
  team,
  notice,
  onSaved,
}: {
  detail: PracticeResilienceDetail;
  crises: readonly Crisis[];
  team: readonly TeamMember[];
  notice: SavedNotice | null;
  onSaved: (text: string) => void;
}) {
  useDocumentTitle(`${detail.practiceName}: resilience`);
  const canManage = usePermission('crisis:manage', detail.practiceId);
  const version = String(notice?.version ?? 0);
  const current = crises.filter((c) => c.endsOn >= detail.on);
  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/workforce/resilience">Back to practice resilience</BackLink>
      <PageHeading caption="Practice resilience">{detail.practiceName}</PageHeading>
      <SummaryList
        rows={[
          { key: 'Score', value: `${String(detail.score)} out of 100` },
          { key: 'Rating', value: <RagTag rag={detail.rag} /> },
          { key: 'Reasons', value: <Reasons reasons={detail.reasons} /> },
          { key: 'As at', value: formatDate(detail.on) },
        ]}
      />
      <HowScored />

      <Table
        caption="What the score is made of"
        head={['Component', 'What it shows', 'Points lost']}
        rows={detail.components.map((c) => ({
          key: c.key,
          cells: [c.label, c.summary, `${String(c.pointsLost)} of ${String(c.weight)}`],
        }))}
      />

      <h2>Trend</h2>
      <LazyTimeLineChart
        caption="Resilience score at each of the last 8 weeks. The trend table below gives the same numbers."
        data={detail.trend.map((point) => ({ label: formatDate(point.on), value: point.score }))}
      />
      <Table
        caption="Resilience score by week"
        head={['Week of', 'Score']}
        rows={detail.trend.map((point) => ({
          key: point.on,
          cells: [formatDate(point.on), String(point.score)],
        }))}
      />

      <h2>Crises</h2>
      {crises.length === 0 ? (
        <p>This practice has not declared a crisis.</p>
      ) : (
        <CrisesTable crises={crises} caption="This practice’s crises, newest first" />
      )}
      {canManage
        ? current.map((crisis) => (
            <Details
              key={`deploy-${crisis.id}-${version}`}
              summary={`Deploy the resilience team: ${crisis.reason}`}
            >
              <DeployTeamForm
                crisis={crisis}
                team={team}
                onSaved={(updated) => {
                  onSaved(
                    `${updated.deployed.map((d) => d.name).join(', ')} deployed to ${updated.practiceName}`,
                  );
                }}
              />
              {crisis.endsOn > detail.on ? (
                <EndCrisisForm
                  crisis={crisis}
                  onSaved={() => {
                    onSaved('The crisis was ended');
                  }}
                />
              ) : null}
            </Details>
          ))
        : null}
      {canManage ? (
        <Details key={`declare-${version}`} summary="Declare a crisis">
          <DeclareCrisisForm
            practices={[{ id: detail.practiceId, name: detail.practiceName }]}
            onSaved={(crisis) => {
              onSaved(`A crisis was declared at ${crisis.practiceName}`);
            }}
          />
        </Details>
      ) : null}
    </>
  );
}
