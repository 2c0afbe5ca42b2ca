import { fetchScenarios, type PlanningRun } from '../../api/planning';
import { useApi } from '../../api/use-api';
import { capabilities } from '../../capabilities';
import { PageHeading } from '../../components/page-heading';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatCount, formatDate } from '../../format/format';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';

const planning = capabilities.find((capability) => capability.id === 'planning');

/** A run's state in words. */
export function runInWords(run: PlanningRun | null): string {
  if (!run) return 'Not run yet';
  switch (run.status) {
    case 'queued':
      return 'Waiting to run';
    case 'running':
      return `Running: ${formatCount(run.progress)} of ${formatCount(run.runs)} years`;
    case 'failed':
      return 'Failed';
    case 'done':
      return `${formatCount(run.runs)} simulated years`;
  }
}

/** The Planning section: the organisation's saved scenarios, and a new one. */
export function PlanningPage() {
  useDocumentTitle('Planning');
  const scenarios = useApi('planning scenarios', fetchScenarios);
  const state = scenarios.state;
  if (state.status === 'error' && state.httpStatus === 403) {
    return <PermissionDeniedPage what="the planner" />;
  }
  if (state.status === 'error') return <ServiceUnavailablePage detail={state.detail} />;
  if (state.status === 'loading') return <LoadingPage />;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <PageHeading caption="Planning">Is working at scale the answer?</PageHeading>
        <p className="nhsuk-lede-text">{planning?.description}</p>
        <p>
          <Link to="/planning/scenarios/new" className="nhsuk-button">
            New scenario
          </Link>
        </p>
        {state.data.length === 0 ? (
          <p>No scenarios saved yet.</p>
        ) : (
          <Table
            caption="Saved scenarios"
            head={['Scenario', 'Practices', 'Patients', 'Changed', 'Last run']}
            rows={state.data.map((s) => ({
              key: s.id,
              cells: [
                <Link key="name" to={`/planning/scenarios/${s.id}`}>
                  {s.name}
                </Link>,
                formatCount(s.practices),
                formatCount(s.patients),
                formatDate(s.updatedAt),
                s.lastRun?.status === 'done' ? (
                  <Link key="run" to={`/planning/runs/${s.lastRun.id}`}>
                    {runInWords(s.lastRun)}
                  </Link>
                ) : (
                  runInWords(s.lastRun)
                ),
              ],
            }))}
          />
        )}
      </div>
    </div>
  );
}
