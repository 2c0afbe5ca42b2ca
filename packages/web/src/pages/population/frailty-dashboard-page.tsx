import { useState, type SubmitEvent } from 'react';
import { FRAILTY_AGE_BANDS, FRAILTY_CATEGORIES } from '@atscale/domain';
import {
  fetchFrailtySummary,
  runFrailtyScoring,
  uploadCodedFile,
  type CodedImportResult,
  type FrailtySummary,
} from '../../api/population';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Details } from '../../components/details';
import { LazyHorizontalBarChart } from '../../components/lazy-charts';
import { PageHeading } from '../../components/page-heading';
import { ProblemAlert } from '../../components/problem-alert';
import { SuccessBanner } from '../../components/success-banner';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatCount, formatDate } from '../../format/format';
import { Link } from '../../router/link';
import { useSession } from '../../session/session-context';
import { mayUse } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { CATEGORY_LABELS, percentOf } from './frailty-labels';
import { frailtyWorklistPath } from './frailty-paths';
import { FrailtyRegisterSummary } from './frailty-register-summary';

/** The frailty dashboard: eFI categories per practice and age band, uploads and scoring. */
export function FrailtyDashboardPage() {
  const summary = useApi('frailty-summary', fetchFrailtySummary);
  if (summary.state.status === 'loading') return <LoadingPage />;
  if (summary.state.status === 'error') {
    if (summary.state.httpStatus === 403) return <PermissionDeniedPage what="frailty figures" />;
    return <ServiceUnavailablePage detail={summary.state.detail} />;
  }
  return <Dashboard summary={summary.state.data} reload={summary.reload} />;
}

function Dashboard({ summary, reload }: { summary: FrailtySummary; reload: () => Promise<void> }) {
  useDocumentTitle('Frailty');
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.me : null;
  const analyst = me !== null && mayUse(me, 'population:import', null);
  const { run, practices } = summary;
  return (
    <>
      <BackLink to="/population">Back to population</BackLink>
      <PageHeading caption="Population">Frailty across the practices</PageHeading>
      <p className="nhsuk-lede-text">
        The electronic frailty index (eFI) of every patient aged 65 or over: the share of 36
        deficits their coded record shows (Clegg et al., Age and Ageing 2016).
      </p>
      {run ? (
        <p>
          Scored on {formatDate(run.scoredOn)} with code list {run.codeListVersion}:{' '}
          {formatCount(run.patients)} patients.
        </p>
      ) : (
        <p>No scores yet: import practices’ coded records, then score them.</p>
      )}
      {practices.length > 0 ? (
        <>
          <LazyHorizontalBarChart
            caption="Patients aged 65+ who are moderately or severely frail, % by practice. The table below gives the same numbers."
            data={practices.map((p) => ({
              label: p.practiceName,
              value:
                p.scored === 0
                  ? 0
                  : Math.round(((p.byCategory.moderate + p.byCategory.severe) / p.scored) * 100),
            }))}
          />
          <Table
            caption="Patients aged 65+ by eFI category"
            head={[
              'Practice',
              ...FRAILTY_CATEGORIES.map((c) => CATEGORY_LABELS[c]),
              'Moderate or severe',
              'Worklist',
            ]}
            rows={practices.map((p) => ({
              key: p.practiceId,
              cells: [
                p.practiceName,
                ...FRAILTY_CATEGORIES.map((c) => formatCount(p.byCategory[c])),
                percentOf(p.byCategory.moderate + p.byCategory.severe, p.scored),
                me !== null && mayUse(me, 'patient:read', p.practiceId) ? (
                  <Link key="worklist" to={frailtyWorklistPath(p.practiceId)}>
                    Worklist<span className="nhsuk-u-visually-hidden"> for {p.practiceName}</span>
                  </Link>
                ) : (
                  '–'
                ),
              ],
            }))}
          />
          {practices.map((p) => (
            <Details key={p.practiceId} summary={`${p.practiceName} by age band`}>
              <Table
                caption={`${p.practiceName}: patients by age band and eFI category`}
                head={['Age', ...FRAILTY_CATEGORIES.map((c) => CATEGORY_LABELS[c])]}
                rows={FRAILTY_AGE_BANDS.map((band) => ({
                  key: band,
                  cells: [
                    band,
                    ...FRAILTY_CATEGORIES.map((c) => formatCount(p.byAgeBand[band][c])),
                  ],
                }))}
              />
            </Details>
          ))}
          <FrailtyRegisterSummary runId={run?.id ?? null} />
        </>
      ) : null}
      {analyst ? (
        <>
          <UploadForm onImported={reload} />
          <ScoreForm onScored={reload} />
        </>
      ) : null}
    </>
  );
}

/** Upload a practice's extract: FHIR NDJSON or CSV, one file at a time, with progress. */
function UploadForm({ onImported }: { onImported: () => Promise<void> }) {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<CodedImportResult | null>(null);
  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file) {
      setProblem('Choose a file to import');
      return;
    }
    setProblem(null);
    setResult(null);
    setProgress(0);
    try {
      setResult(await uploadCodedFile(file, setProgress));
      await onImported();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The import failed');
    } finally {
      setProgress(null);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <h2>Import coded records</h2>
      <ProblemAlert problem={problem} />
      {result ? (
        <SuccessBanner>
          {result.alreadyImported
            ? `${result.fileName} was imported before: nothing changed.`
            : `${result.fileName}: ${formatCount(result.entries)} entries imported, ${formatCount(result.unknownPatients)} for patients not on the register, ${formatCount(result.skipped)} lines skipped.`}
        </SuccessBanner>
      ) : null}
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="coded-file">
          A practice extract
        </label>
        <div className="nhsuk-hint" id="coded-file-hint">
          FHIR R4 bulk-data NDJSON (.ndjson) with SNOMED CT codes, or CSV (.csv) with the header
          nhs_number,code_system,code,date. A bad line refuses the whole file.
        </div>
        <input
          className="nhsuk-file-upload"
          id="coded-file"
          type="file"
          accept=".csv,.ndjson"
          aria-describedby="coded-file-hint"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
          }}
        />
      </div>
      {progress !== null ? (
        <p>
          <label htmlFor="upload-progress">Sending the file: </label>
          <progress id="upload-progress" max={1} value={progress} />{' '}
          {String(Math.round(progress * 100))}%
        </p>
      ) : null}
      <Button disabled={progress !== null}>Import</Button>
    </form>
  );
}

/** Score every patient aged 65+ of every practice on a date. */
function ScoreForm({ onScored }: { onScored: () => Promise<void> }) {
  const [on, setOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await runFrailtyScoring(on);
      await onScored();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Scoring failed');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <h2>Score frailty</h2>
      <ProblemAlert problem={problem} />
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="score-on">
          Score on (YYYY-MM-DD)
        </label>
        <input
          className="nhsuk-input nhsuk-input--width-10"
          id="score-on"
          value={on}
          onChange={(event) => {
            setOn(event.target.value);
          }}
        />
      </div>
      <Button disabled={busy}>{busy ? 'Scoring…' : 'Score every practice'}</Button>
    </form>
  );
}
