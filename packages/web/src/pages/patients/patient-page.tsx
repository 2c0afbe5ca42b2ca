import { fetchPatient, type Patient } from '../../api/patients';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { PageHeading } from '../../components/page-heading';
import { SummaryList } from '../../components/summary-list';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate, formatNhsNumber, idAsWords } from '../../format/format';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';

/** One patient's demographic, registration and contact details. */
export function PatientPage({ patientId }: { patientId: string }) {
  const { state } = useApi(`patient:${patientId}`, () =>
    fetchPatient(patientId, 'Opened from search'),
  );
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    if (state.httpStatus === 404) return <NotFoundPage />;
    if (state.httpStatus === 403) return <PermissionDeniedPage what="patient records" />;
    return <ServiceUnavailablePage detail={state.detail} />;
  }
  return <PatientDetails patient={state.data} />;
}

const notRecorded = 'Not recorded';
const orNotRecorded = (value: string | null, show: (value: string) => string = (v) => v) =>
  value === null || value === '' ? notRecorded : show(value);

/** A patient's name as "FAMILY, Given", the NHS convention. */
export const patientName = (patient: Pick<Patient, 'familyName' | 'givenName'>): string =>
  `${patient.familyName.toUpperCase()}, ${patient.givenName}`;

function PatientDetails({ patient }: { patient: Patient }) {
  useDocumentTitle(patientName(patient));
  return (
    <>
      <BackLink to="/patients">Back to patient search</BackLink>
      <PageHeading caption="Patient">{patientName(patient)}</PageHeading>
      <SummaryList
        rows={[
          { key: 'NHS number', value: formatNhsNumber(patient.nhsNumber) },
          { key: 'Date of birth', value: formatDate(patient.dateOfBirth) },
          { key: 'Sex', value: orNotRecorded(patient.sex, idAsWords) },
          { key: 'Postcode', value: orNotRecorded(patient.postcode) },
          { key: 'Registered', value: orNotRecorded(patient.registeredOn, formatDate) },
          { key: 'Deregistered', value: orNotRecorded(patient.deregisteredOn, formatDate) },
        ]}
      />
      <h2>Contact details</h2>
      <SummaryList
        rows={[
          { key: 'Phone', value: orNotRecorded(patient.contactPhone) },
          { key: 'Email', value: orNotRecorded(patient.contactEmail) },
          {
            key: 'Contact preference',
            value: orNotRecorded(patient.contactPreference, idAsWords),
          },
        ]}
      />
    </>
  );
}
