import { useEffect, useState, type SubmitEvent } from 'react';
import {
  fetchRun,
  startRun,
  type PlanningRun,
  type PlanningScenarioRecord,
} from '../../api/planning';
import { ApiError } from '../../api/problem';
import { Button } from '../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { TextInput } from '../../components/text-input';
import { formatCount, formatDate } from '../../format/format';
import { Link } from '../../router/link';
import { runInWords } from './planning-page';

/** How often a run in progress is asked about. */
const POLL_MS = 500;
const MAX_RUNS = 2000;

/** A run's progress as a labelled bar, announced politely as it moves. */
export function RunProgress({ run }: { run: PlanningRun }) {
  const percent = run.runs > 0 ? Math.round((run.progress / run.runs) * 100) : 0;
  return (
    <div className="app-planning-progress">
      <label className="nhsuk-label" htmlFor={`run-progress-${run.id}`}>
        {run.status === 'queued' ? 'Waiting for the simulator' : 'Simulating'}:{' '}
        {formatCount(run.progress)} of {formatCount(run.runs)} years ({percent}%)
      </label>
      <progress id={`run-progress-${run.id}`} max={run.runs} value={run.progress}>
        {percent}%
      </progress>
    </div>
  );
}

/** Start a run of a saved scenario and watch it to the end; earlier runs below. */
export function RunPanel({ record }: { record: PlanningScenarioRecord }) {
  const [runs, setRuns] = useState('200');
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const [current, setCurrent] = useState<PlanningRun | null>(
    record.runs.find((r) => r.status === 'queued' || r.status === 'running') ?? null,
  );

  useEffect(() => {
    if (!current || current.status === 'done' || current.status === 'failed') return;
    const timer = setTimeout(() => {
      void fetchRun(current.id).then(setCurrent, () => undefined);
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [current]);

  const start = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const n = Number(runs);
    if (!/^\d+$/.test(runs.trim()) || n < 1 || n > MAX_RUNS) {
      setErrors([
        { href: '#run-count', text: `Simulated years: a whole number from 1 to ${MAX_RUNS}` },
      ]);
      return;
    }
    setErrors([]);
    try {
      setCurrent(await startRun(record.id, n));
    } catch (error) {
      const text =
        error instanceof ApiError ? error.problem.detail : 'The run could not be started.';
      setErrors([{ href: '#run-count', text }]);
    }
  };

  const finished = record.runs.filter((r) => r.id !== current?.id);
  return (
    <section aria-labelledby="run-heading" className="app-planning-run">
      <h2 id="run-heading">Run the simulation</h2>
      <p>
        Each simulated year replays demand, triage, appointments, sickness and vacancies for every
        practice under each of the 7 forms; more years give narrower intervals. The run uses the
        scenario as last saved.
      </p>
      <ErrorSummary items={errors} />
      <form onSubmit={(event) => void start(event)} noValidate>
        <TextInput
          id="run-count"
          label="Simulated years"
          hint={`From 1 to ${MAX_RUNS}; 200 takes under a minute for a few practices`}
          inputMode="numeric"
          className="nhsuk-input--width-5"
          value={runs}
          error={errors[0]?.text}
          onChange={(event) => {
            setRuns(event.target.value);
          }}
        />
        <Button
          disabled={
            current !== null && (current.status === 'queued' || current.status === 'running')
          }
        >
          Run simulation
        </Button>
      </form>
      <div aria-live="polite">
        {current && (current.status === 'queued' || current.status === 'running') ? (
          <RunProgress run={current} />
        ) : null}
        {current?.status === 'done' ? (
          <p className="nhsuk-body-l">
            Finished.{' '}
            <Link to={`/planning/runs/${current.id}`}>See the comparison of the 7 forms</Link>
          </p>
        ) : null}
        {current?.status === 'failed' ? (
          <p className="nhsuk-error-message">The run failed: {current.error}</p>
        ) : null}
      </div>
      {finished.length > 0 ? (
        <>
          <h3>Earlier runs</h3>
          <ul className="nhsuk-list">
            {finished.map((run) => (
              <li key={run.id}>
                {formatDate(run.requestedAt)}:{' '}
                {run.status === 'done' ? (
                  <Link to={`/planning/runs/${run.id}`}>{runInWords(run)}</Link>
                ) : (
                  runInWords(run)
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
