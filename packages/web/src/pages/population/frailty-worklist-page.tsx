import { fetchFrailtyWorklist, type FrailtyWorklistPatient } from '../../api/population';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { PageHeading } from '../../components/page-heading';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate, formatNhsNumber } from '../../format/format';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { CATEGORY_LABELS } from './frailty-labels';
import { FRAILTY_PATH, patientFrailtyPath } from './frailty-paths';
import { FrailtyRegisterWorklist } from './frailty-register-worklist';

/** A practice's moderately and severely frail patients, most frail first (each read audited). */
export function FrailtyWorklistPage({ practiceId }: { practiceId: string }) {
  const list = useApi(`frailty-worklist-${practiceId}`, () => fetchFrailtyWorklist(practiceId));
  if (list.state.status === 'loading') return <LoadingPage />;
  if (list.state.status === 'error') {
    if (list.state.httpStatus === 403)
      return <PermissionDeniedPage what="this practice’s patients" />;
    if (list.state.httpStatus === 404 || list.state.httpStatus === 400) return <NotFoundPage />;
    return <ServiceUnavailablePage detail={list.state.detail} />;
  }
  return (
    <>
      <Worklist
        patients={list.state.data.patients}
        scoredOn={list.state.data.run?.scoredOn ?? null}
      />
      <FrailtyRegisterWorklist practiceId={practiceId} />
    </>
  );
}

function Worklist({
  patients,
  scoredOn,
}: {
  patients: readonly FrailtyWorklistPatient[];
  scoredOn: string | null;
}) {
  useDocumentTitle('Frailty worklist');
  return (
    <>
      <BackLink to={FRAILTY_PATH}>Back to frailty</BackLink>
      <PageHeading caption="Population">Frailty worklist</PageHeading>
      <p className="nhsuk-lede-text">
        Patients aged 65 or over whose electronic frailty index is moderate or severe
        {scoredOn ? `, scored on ${formatDate(scoredOn)}` : ''}. Opening this list is recorded in
        the audit trail.
      </p>
      {patients.length === 0 ? (
        <p>Nobody at this practice is moderately or severely frail in the latest scores.</p>
      ) : (
        <Table
          caption="Moderately and severely frail patients, most frail first"
          head={['Patient', 'NHS number', 'Date of birth', 'Age', 'Deficits', 'Score', 'Category']}
          rows={patients.map((p) => ({
            key: p.patientId,
            cells: [
              <Link key="patient" to={patientFrailtyPath(p.patientId)}>
                {p.familyName.toUpperCase()}, {p.givenName}
              </Link>,
              formatNhsNumber(p.nhsNumber),
              formatDate(p.dateOfBirth),
              String(p.age),
              `${String(p.deficitCount)} of 36`,
              p.score.toFixed(2),
              CATEGORY_LABELS[p.category],
            ],
          }))}
        />
      )}
    </>
  );
}
