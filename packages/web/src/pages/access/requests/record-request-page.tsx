import { useEffect, useRef, useState } from 'react';
import { searchPatients, type Patient, type PatientSearch } from '../../../api/patients';
import { ApiError } from '../../../api/problem';
import { BackLink } from '../../../components/back-link';
import { Button } from '../../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../../components/error-summary';
import { PageHeading } from '../../../components/page-heading';
import { Radios } from '../../../components/radios';
import { SuccessBanner } from '../../../components/success-banner';
import { useDocumentTitle } from '../../../components/use-document-title';
import { dateInputToIso } from '../../../format/date-input';
import { formatDate, formatNhsNumber } from '../../../format/format';
import { errorFor, refusalItems } from '../../../forms/error-items';
import { dateParts, fieldValue } from '../../../forms/form-data';
import { DateOfBirthInput, NhsNumberInput, PersonNameInput } from '../../../forms/patient-fields';
import { Link } from '../../../router/link';
import {
  RequestDetailFields,
  requestDetailBody,
  useRequestDetails,
  type RequestDetailWords,
} from './request-fields';
import { recordRequest, type PatientRequest } from './requests-api';

const name = (p: Pick<Patient, 'givenName' | 'familyName'>) =>
  `${p.familyName.toUpperCase()}, ${p.givenName}`;

// The control a refused request names (`body/description`, `querystring/nhsNumber`).
const hrefFor = (field: string) => {
  const control = field.split('/').pop() ?? '';
  if (control === 'dateOfBirth') return '#dateOfBirth-day';
  if (control === 'patientId') return '#patient';
  return `#${control}`;
};

// What staff are asked about the request.
const STAFF_WORDS: RequestDetailWords = {
  kindLegend: 'Clinical or admin?',
  clinical: { label: 'Clinical', hint: 'A clinician triages it' },
  admin: {
    label: 'Admin',
    hint: 'The admin team deals with it; no clinician needed',
    legend: 'Kind of admin request',
  },
  descriptionLabel: 'What the patient needs, in their words',
  preferredLegend: 'How they would prefer to be seen (optional)',
  preferredInline: true,
};

/**
 * A navigator records a request for a patient who phoned or came to the desk (ACC-1): find the
 * patient (each search is audited), then what they need, then send it to the queue.
 */
export function RecordRequestPage() {
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const [found, setFound] = useState<Patient[] | null>(null);
  const [patientId, setPatientId] = useState<string | null>(null);
  const [channel, setChannel] = useState<'phone' | 'walk-in'>('phone');
  const details = useRequestDetails();
  const { kind, adminType } = details;
  const [busy, setBusy] = useState(false);
  const [recorded, setRecorded] = useState<PatientRequest | null>(null);
  const needHeading = useRef<HTMLHeadingElement>(null);
  const searchForm = useRef<HTMLFormElement>(null);
  const [searches, setSearches] = useState(0);
  useDocumentTitle(errors.length > 0 ? 'Error: Record a request' : 'Record a request');

  // After a search that found someone, the focus moves on to the request: the next step.
  useEffect(() => {
    if (searches > 0) needHeading.current?.focus();
  }, [searches]);
  const fieldError = (id: string) => errorFor(errors, id);

  const search = async (form: FormData) => {
    const nhsNumber = fieldValue(form, 'nhsNumber');
    let query: PatientSearch;
    if (nhsNumber) {
      query = { nhsNumber };
    } else {
      const familyName = fieldValue(form, 'familyName');
      const date = dateInputToIso(dateParts(form, 'dateOfBirth'), 'Date of birth');
      const invalid: ErrorSummaryItem[] = [];
      if (!familyName) {
        invalid.push({ text: 'Enter an NHS number, or a family name', href: '#nhsNumber' });
      }
      if (!date.ok) invalid.push({ text: date.message, href: '#dateOfBirth-day' });
      if (invalid.length > 0 || !date.ok) {
        setErrors(invalid);
        return;
      }
      query = { familyName, dateOfBirth: date.iso };
    }
    setBusy(true);
    setErrors([]);
    setRecorded(null);
    try {
      const patients = await searchPatients(query, 'Record a request');
      setFound(patients);
      setPatientId(patients.length === 1 ? (patients[0]?.id ?? null) : null);
      if (patients.length > 0) setSearches((n) => n + 1);
    } catch (error) {
      setErrors(refusalItems(error, { hrefFor, fallbackHref: '#nhsNumber' }));
    } finally {
      setBusy(false);
    }
  };

  const record = async (form: FormData, element: HTMLFormElement) => {
    const description = fieldValue(form, 'description');
    const invalid: ErrorSummaryItem[] = [];
    if (!patientId) invalid.push({ text: 'Choose the patient', href: '#patient' });
    if (!kind) invalid.push({ text: 'Choose clinical or admin', href: '#kind' });
    if (kind === 'admin' && !adminType) {
      invalid.push({ text: 'Choose the kind of admin request', href: '#adminType' });
    }
    if (!description) invalid.push({ text: 'Enter what the patient needs', href: '#description' });
    if (invalid.length > 0 || !patientId || !kind) {
      setErrors(invalid);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      const request = await recordRequest({
        patientId,
        channel,
        ...requestDetailBody(details, kind, description),
      });
      setRecorded(request);
      setFound(null);
      setPatientId(null);
      details.reset();
      element.reset();
      // Ready for the next caller: nothing of this patient is left in the search.
      searchForm.current?.reset();
      document.getElementById('nhsNumber')?.focus();
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : undefined;
      setErrors(
        problem?.status === 404
          ? [{ text: 'The patient is not registered at a practice you work for', href: '#patient' }]
          : refusalItems(error, { hrefFor, fallbackHref: '#description' }),
      );
    } finally {
      setBusy(false);
    }
  };

  const chosen = found?.find((p) => p.id === patientId);

  return (
    <>
      <BackLink to="/access">Back to access</BackLink>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <ErrorSummary items={errors} />
          {recorded ? (
            <SuccessBanner>
              Request {recorded.reference} recorded for {name(recorded.patient)}
              {recorded.triageTeamName
                ? `: it is in the ${recorded.triageTeamName} queue.`
                : `: it is in the ${recorded.practiceName} queue.`}
            </SuccessBanner>
          ) : null}
          <PageHeading caption="Access">Record a request</PageHeading>
          <p>
            For a patient who phoned or came to the desk. Find them first, then say what they need.
            Requests are taken all day and triaged in order of need.
          </p>
          <h2>1. Find the patient</h2>
          <form
            noValidate
            aria-label="Find the patient"
            ref={searchForm}
            onSubmit={(event) => {
              event.preventDefault();
              if (!busy) void search(new FormData(event.currentTarget));
            }}
          >
            <NhsNumberInput
              hint="10 digits. Or leave it empty and use the family name and date of birth."
              error={fieldError('nhsNumber')}
            />
            <PersonNameInput id="familyName" label="Family name" error={fieldError('familyName')} />
            <DateOfBirthInput error={fieldError('dateOfBirth-day')} />
            <Button variant="secondary" aria-disabled={busy}>
              Find patient
            </Button>
          </form>
          {found !== null && found.length === 0 ? (
            <div role="status">
              <h3>No patients found</h3>
              <p>Check the details. Only patients of the practices you work for are shown.</p>
            </div>
          ) : null}
          {found !== null && found.length > 0 ? (
            <form
              noValidate
              aria-label="The request"
              onSubmit={(event) => {
                event.preventDefault();
                if (!busy) void record(new FormData(event.currentTarget), event.currentTarget);
              }}
            >
              <h2 id="what-they-need" ref={needHeading} tabIndex={-1}>
                2. What they need
              </h2>
              <Radios
                id="patient"
                legend="Patient"
                error={fieldError('patient')}
                value={patientId}
                onChange={setPatientId}
                choices={found.map((p) => ({
                  value: p.id,
                  label: name(p),
                  hint: `NHS number ${formatNhsNumber(p.nhsNumber)}, born ${formatDate(p.dateOfBirth)}`,
                }))}
              />
              <Radios<'phone' | 'walk-in'>
                id="channel"
                legend="How did they ask?"
                inline
                value={channel}
                onChange={setChannel}
                choices={[
                  { value: 'phone', label: 'Phone' },
                  { value: 'walk-in', label: 'Walk-in' },
                ]}
              />
              <RequestDetailFields words={STAFF_WORDS} details={details} fieldError={fieldError} />
              <Button aria-disabled={busy}>
                {chosen ? `Record request for ${chosen.givenName}` : 'Record request'}
              </Button>
            </form>
          ) : null}
          <p>
            <Link to="/access/triage">Go to the triage queue</Link>
          </p>
        </div>
      </div>
    </>
  );
}
