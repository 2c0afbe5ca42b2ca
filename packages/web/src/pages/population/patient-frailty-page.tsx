import { fetchPatientFrailty, type PatientFrailty } from '../../api/population';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { PageHeading } from '../../components/page-heading';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { CATEGORY_LABELS } from './frailty-labels';
import { FRAILTY_PATH } from './frailty-paths';

/** A patient's frailty: which deficits, from which codes and dates (the read is audited). */
export function PatientFrailtyPage({ patientId }: { patientId: string }) {
  const detail = useApi(`patient-frailty-${patientId}`, () => fetchPatientFrailty(patientId));
  if (detail.state.status === 'loading') return <LoadingPage />;
  if (detail.state.status === 'error') {
    if (detail.state.httpStatus === 403) return <PermissionDeniedPage what="patient records" />;
    if (detail.state.httpStatus === 404 || detail.state.httpStatus === 400) return <NotFoundPage />;
    return <ServiceUnavailablePage detail={detail.state.detail} />;
  }
  return <Detail frailty={detail.state.data} />;
}

function Detail({ frailty }: { frailty: PatientFrailty }) {
  useDocumentTitle('Patient frailty');
  const { run, score, deficits } = frailty;
  return (
    <>
      <BackLink to={FRAILTY_PATH}>Back to frailty</BackLink>
      <PageHeading caption="Population">Patient frailty</PageHeading>
      {score && run ? (
        <p className="nhsuk-lede-text">
          {CATEGORY_LABELS[score.category]}: {String(score.deficitCount)} of 36 deficits (score{' '}
          {score.score.toFixed(2)}) on {formatDate(run.scoredOn)}, aged {String(score.age)}, with
          code list {run.codeListVersion}.
        </p>
      ) : (
        <p className="nhsuk-lede-text">
          This patient has no frailty score: the index is for patients aged 65 or over, and is shown
          once scoring has run.
        </p>
      )}
      {deficits.length > 0 ? (
        <Table
          caption="Deficits found, and the coded entries behind them"
          head={['Deficit', 'SNOMED CT codes and dates']}
          rows={deficits.map((d) => ({
            key: d.deficit,
            cells: [
              d.label,
              d.evidence
                .map((e) =>
                  e.code
                    ? `${e.code} on ${formatDate(e.date)}`
                    : `5 or more medications, latest ${formatDate(e.date)}`,
                )
                .join('; '),
            ],
          }))}
        />
      ) : null}
    </>
  );
}
