import { useState, type SubmitEvent } from 'react';
import { searchPatients, type Patient, type PatientSearch } from '../../api/patients';
import { ApiError } from '../../api/problem';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { dateInputToIso } from '../../format/date-input';
import { formatDate, formatNhsNumber } from '../../format/format';
import { errorFor, problemItems } from '../../forms/error-items';
import { dateParts, fieldValue } from '../../forms/form-data';
import { DateOfBirthInput, NhsNumberInput, PersonNameInput } from '../../forms/patient-fields';
import { Link } from '../../router/link';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { patientName } from './patient-page';

// The form field a server error names (e.g. `querystring/nhsNumber`), as an error summary link.
const fieldHref = (field: string, search: PatientSearch): string => {
  const name = field.split('/').pop() ?? '';
  if (name === 'nhsNumber' || name === 'familyName' || name === 'givenName') return `#${name}`;
  if (name === 'dateOfBirth') return '#dateOfBirth-day';
  return 'nhsNumber' in search ? '#nhsNumber' : '#familyName';
};

type Outcome =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'found'; patients: Patient[] }
  | { status: 'forbidden' }
  | { status: 'failed'; detail: string };

/** Finds patients by NHS number, or by family name and date of birth. */
export function PatientSearchPage() {
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const [outcome, setOutcome] = useState<Outcome>({ status: 'idle' });
  useDocumentTitle(errors.length > 0 ? 'Error: Find a patient' : 'Find a patient');

  const fieldError = (id: string) => errorFor(errors, id);

  const submit = async (search: PatientSearch) => {
    setErrors([]);
    setOutcome({ status: 'busy' });
    try {
      setOutcome({ status: 'found', patients: await searchPatients(search, 'Patient search') });
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : undefined;
      if (problem?.status === 403) {
        setOutcome({ status: 'forbidden' });
      } else if (problem?.status === 400) {
        setErrors(
          problemItems(problem, {
            hrefFor: (field) => fieldHref(field, search),
            fallbackHref: fieldHref('', search),
          }),
        );
        setOutcome({ status: 'idle' });
      } else {
        setOutcome({
          status: 'failed',
          detail: error instanceof Error ? error.message : 'The request failed.',
        });
      }
    }
  };

  const handleSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (outcome.status === 'busy') return;
    const form = new FormData(event.currentTarget);
    const nhsNumber = fieldValue(form, 'nhsNumber');
    if (nhsNumber) {
      void submit({ nhsNumber });
      return;
    }
    const familyName = fieldValue(form, 'familyName');
    const givenName = fieldValue(form, 'givenName');
    const date = dateInputToIso(dateParts(form, 'dateOfBirth'), 'Date of birth');
    const invalid: ErrorSummaryItem[] = [];
    if (!familyName && !givenName && !date.ok && date.message === 'Enter date of birth') {
      invalid.push({
        text: 'Enter an NHS number, or a family name and date of birth',
        href: '#nhsNumber',
      });
    } else {
      if (!familyName) invalid.push({ text: 'Enter a family name', href: '#familyName' });
      if (!date.ok) invalid.push({ text: date.message, href: '#dateOfBirth-day' });
    }
    if (invalid.length > 0 || !date.ok) {
      setErrors(invalid);
      setOutcome({ status: 'idle' });
      return;
    }
    void submit({ familyName, dateOfBirth: date.iso, ...(givenName ? { givenName } : {}) });
  };

  if (outcome.status === 'forbidden') return <PermissionDeniedPage what="patient records" />;
  if (outcome.status === 'failed') return <ServiceUnavailablePage detail={outcome.detail} />;

  return (
    <>
      <BackLink to="/organisation">Back to organisation</BackLink>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <ErrorSummary items={errors} />
          <h1>Find a patient</h1>
          <p>Search by NHS number, or by family name and date of birth.</p>
          <form action="/patients" method="get" onSubmit={handleSubmit} noValidate>
            <NhsNumberInput
              hint="10 digits, for example 999 000 0018"
              error={fieldError('nhsNumber')}
            />
            <fieldset className="nhsuk-fieldset">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
                Or search by name and date of birth
              </legend>
              <PersonNameInput
                id="familyName"
                label="Family name"
                error={fieldError('familyName')}
              />
              <PersonNameInput
                id="givenName"
                label="Given name (optional)"
                error={fieldError('givenName')}
              />
              <DateOfBirthInput error={fieldError('dateOfBirth-day')} />
            </fieldset>
            <Button aria-disabled={outcome.status === 'busy'}>Search</Button>
          </form>
        </div>
      </div>
      {outcome.status === 'found' ? <Results patients={outcome.patients} /> : null}
    </>
  );
}

function Results({ patients }: { patients: Patient[] }) {
  if (patients.length === 0) {
    return (
      <div role="status">
        <h2>No patients found</h2>
        <p>Check the details and try again.</p>
      </div>
    );
  }
  return (
    <Table
      caption={
        patients.length === 1 ? '1 patient found' : `${String(patients.length)} patients found`
      }
      head={['NHS number', 'Name', 'Date of birth']}
      rows={patients.map((patient) => ({
        key: patient.id,
        cells: [
          formatNhsNumber(patient.nhsNumber),
          <Link to={`/patients/${encodeURIComponent(patient.id)}`}>{patientName(patient)}</Link>,
          formatDate(patient.dateOfBirth),
        ],
      }))}
    />
  );
}
