import { useEffect, useRef, useState } from 'react';
import type { RedFlagAdvice, RedFlagId } from '@atscale/domain';
import { useApi } from '../../api/use-api';
import { Button } from '../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { InsetText } from '../../components/inset-text';
import { Radios } from '../../components/radios';
import { TextInput } from '../../components/text-input';
import { useDocumentTitle } from '../../components/use-document-title';
import { dateInputToIso } from '../../format/date-input';
import { errorFor, refusalItems } from '../../forms/error-items';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { DateOfBirthInput, NhsNumberInput, PersonNameInput } from '../../forms/patient-fields';
import {
  RequestDetailFields,
  requestDetailBody,
  useRequestDetails,
  type RequestDetailWords,
} from '../access/requests/request-fields';
import { fetchPublicPractice, sendOnlineRequest, type PublicPractice } from './public-api';

type Step =
  | { name: 'red-flags' }
  | { name: 'advice'; advice: RedFlagAdvice; text: string }
  | { name: 'details' }
  | { name: 'sent'; reference: string; practiceName: string };

type YesNo = 'yes' | 'no';

const STEP_TITLES: Record<Step['name'], string> = {
  'red-flags': 'Check if you need urgent help',
  advice: 'You need help now',
  details: 'Tell us what you need',
  sent: 'Request sent',
};

/**
 * The online request form of a practice, for patients, with no sign-in (ACC-1). It asks the
 * red-flag questions first; a yes to any sends the person to 999 or 111 and queues nothing.
 * Then it asks what they need and who they are, and confirms with a reference.
 */
export function PublicRequestPage({ odsCode }: { odsCode: string }) {
  const practice = useApi(`public practice ${odsCode}`, () => fetchPublicPractice(odsCode));
  const [step, setStep] = useState<Step>({ name: 'red-flags' });
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  const title = STEP_TITLES[step.name];
  useDocumentTitle(errors.length > 0 ? `Error: ${title}` : title);

  // Each step is a new page to a screen reader: the focus moves to its heading.
  useEffect(() => {
    heading.current?.focus();
  }, [step.name]);

  const go = (next: Step) => {
    setErrors([]);
    setStep(next);
    window.scrollTo(0, 0);
  };

  if (practice.state.status === 'loading') return <p>Loading…</p>;
  if (practice.state.status === 'error') {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>
            {practice.state.httpStatus === 404
              ? 'We could not find this GP practice'
              : 'Sorry, the online form is not working'}
          </h1>
          <p>
            Check the web address, or call your GP practice. If you need help now, call 111 or go to
            111.nhs.uk. In an emergency, call 999.
          </p>
        </div>
      </div>
    );
  }
  const data = practice.state.data;

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary items={errors} />
        <h1 ref={heading} tabIndex={-1}>
          <span className="nhsuk-caption-l">
            {data.name}
            <span className="nhsuk-u-visually-hidden"> - </span>
          </span>
          {title}
        </h1>
        {step.name === 'red-flags' ? (
          <RedFlagStep
            practice={data}
            odsCode={odsCode}
            errors={errors}
            onErrors={setErrors}
            go={go}
          />
        ) : null}
        {step.name === 'advice' ? <AdviceStep advice={step.advice} text={step.text} /> : null}
        {step.name === 'details' ? (
          <DetailsStep odsCode={odsCode} errors={errors} onErrors={setErrors} go={go} />
        ) : null}
        {step.name === 'sent' ? (
          <SentStep reference={step.reference} practiceName={step.practiceName} />
        ) : null}
      </div>
    </div>
  );
}

interface StepProps {
  odsCode: string;
  errors: readonly ErrorSummaryItem[];
  onErrors: (errors: ErrorSummaryItem[]) => void;
  go: (step: Step) => void;
}

const failedItems = (error: unknown, fallbackHref: string, hrefFor: (field: string) => string) =>
  refusalItems(error, {
    hrefFor,
    fallbackHref,
    failed: 'The form could not be sent. Check your connection and try again.',
  });

function RedFlagStep({
  practice,
  odsCode,
  errors,
  onErrors,
  go,
}: StepProps & { practice: PublicPractice }) {
  const [answers, setAnswers] = useState<Partial<Record<RedFlagId, YesNo>>>({});
  const fieldId = (id: RedFlagId) => `flag-${id}`;
  const yes = practice.redFlags.filter((flag) => answers[flag.id] === 'yes').map((f) => f.id);
  const firstYes = `#${fieldId(yes[0] ?? 'chest-pain')}`;
  const { busy, onSubmit, send } = useFormSubmission({
    refused: (error) => failedItems(error, firstYes, () => firstYes),
    shared: { errors, onErrors },
  });

  const handleSubmit = onSubmit(() => {
    const unanswered = practice.redFlags.filter((flag) => answers[flag.id] === undefined);
    if (unanswered.length > 0) {
      onErrors(
        unanswered.map((flag) => ({
          text: `Answer: ${flag.question}`,
          href: `#${fieldId(flag.id)}`,
        })),
      );
      return;
    }
    if (yes.length === 0) {
      go({ name: 'details' });
      return;
    }
    void send(async () => {
      const answer = await sendOnlineRequest(odsCode, { redFlags: yes });
      if (answer.outcome === 'red-flag')
        go({ name: 'advice', advice: answer.advice, text: answer.adviceText });
    });
  });

  return (
    <form noValidate onSubmit={handleSubmit}>
      <p>
        Answer these questions first. If you answer yes to any of them, do not use this form: you
        will be told who to call now.
      </p>
      {practice.redFlags.map((flag) => (
        <Radios<YesNo>
          key={flag.id}
          id={fieldId(flag.id)}
          legend={flag.question}
          inline
          error={errorFor(errors, fieldId(flag.id))}
          value={answers[flag.id] ?? null}
          onChange={(value) => {
            setAnswers((previous) => ({ ...previous, [flag.id]: value }));
          }}
          choices={[
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ]}
        />
      ))}
      <Button aria-disabled={busy}>Continue</Button>
    </form>
  );
}

function AdviceStep({ advice, text }: { advice: RedFlagAdvice; text: string }) {
  return (
    <div className="nhsuk-card nhsuk-card--care nhsuk-card--care--emergency">
      <div className="nhsuk-card--care__heading-container">
        <h2 className="nhsuk-card--care__heading">
          <span className="nhsuk-u-visually-hidden">Immediate action required: </span>
          {advice === '999' ? 'Call 999 now' : 'Call 111 now'}
        </h2>
        <span className="nhsuk-card--care__arrow" aria-hidden="true" />
      </div>
      <div className="nhsuk-card__content">
        <p>{text}</p>
        <p>Your request has not been sent to your GP practice.</p>
      </div>
    </div>
  );
}

// The form control a server error names (`body/nhsNumber`), as an error summary link.
const detailHref = (field: string, identify: string) => {
  const name = field.split('/').pop() ?? '';
  if (name === 'dateOfBirth') return '#dateOfBirth-day';
  if (['nhsNumber', 'givenName', 'familyName', 'postcode', 'description'].includes(name)) {
    return `#${name}`;
  }
  if (name === 'kind' || name === 'adminType' || name === 'preferredChannel') return `#${name}`;
  return identify === 'name' ? '#givenName' : '#nhsNumber';
};

// What a patient is asked about their request.
const PATIENT_WORDS: RequestDetailWords = {
  kindLegend: 'What do you need help with?',
  clinical: {
    label: 'A health problem',
    hint: 'A doctor, nurse or other clinician will read it and decide what happens next',
  },
  admin: {
    label: 'Something from the practice’s admin team',
    hint: 'A fit note, test results, a repeat prescription or a letter',
    legend: 'What do you need?',
  },
  descriptionLabel: 'Tell us what you need',
  descriptionHint:
    'For a health problem, say what it is, how long you have had it and whether it is getting worse',
  preferredLegend: 'How would you prefer to be seen or spoken to? (optional)',
};

function DetailsStep({ odsCode, errors, onErrors, go }: StepProps) {
  const details = useRequestDetails();
  const { kind, adminType } = details;
  const [identify, setIdentify] = useState<'nhs' | 'name' | null>(null);
  const { busy, fieldError, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      failedItems(error, identify === 'name' ? '#givenName' : '#nhsNumber', (field) =>
        detailHref(field, identify ?? 'nhs'),
      ),
    shared: { errors, onErrors },
  });

  const handleSubmit = onSubmit((form) => {
    const invalid: ErrorSummaryItem[] = [];
    const description = fieldValue(form, 'description');
    const nhsNumber = fieldValue(form, 'nhsNumber');
    const givenName = fieldValue(form, 'givenName');
    const familyName = fieldValue(form, 'familyName');
    const postcode = fieldValue(form, 'postcode');
    const dateOfBirth = dateInputToIso(dateParts(form, 'dateOfBirth'), 'Your date of birth');
    if (kind === null) invalid.push({ text: 'Choose what you need help with', href: '#kind' });
    if (kind === 'admin' && adminType === null) {
      invalid.push({ text: 'Choose what you need from the admin team', href: '#adminType' });
    }
    if (description === '') invalid.push({ text: 'Describe what you need', href: '#description' });
    if (identify === null) {
      invalid.push({ text: 'Choose how to tell us who you are', href: '#identify' });
    }
    if (identify === 'nhs' && nhsNumber === '') {
      invalid.push({ text: 'Enter your NHS number', href: '#nhsNumber' });
    }
    if (identify === 'name') {
      if (givenName === '') invalid.push({ text: 'Enter your first name', href: '#givenName' });
      if (familyName === '') invalid.push({ text: 'Enter your last name', href: '#familyName' });
      if (postcode === '') invalid.push({ text: 'Enter your postcode', href: '#postcode' });
    }
    if (!dateOfBirth.ok) invalid.push({ text: dateOfBirth.message, href: '#dateOfBirth-day' });
    if (invalid.length > 0 || !dateOfBirth.ok || kind === null) {
      onErrors(invalid);
      return;
    }
    void send(async () => {
      const answer = await sendOnlineRequest(odsCode, {
        redFlags: [],
        ...(identify === 'nhs' ? { nhsNumber } : { givenName, familyName, postcode }),
        dateOfBirth: dateOfBirth.iso,
        ...requestDetailBody(details, kind, description),
      });
      if (answer.outcome === 'queued') {
        go({ name: 'sent', reference: answer.reference, practiceName: answer.practiceName });
      }
    });
  });

  return (
    <form noValidate onSubmit={handleSubmit}>
      <RequestDetailFields words={PATIENT_WORDS} details={details} fieldError={fieldError} />
      <h2>Your details</h2>
      <p>We use these to find you on your practice’s list of patients.</p>
      <Radios<'nhs' | 'name'>
        id="identify"
        legend="How do you want to tell us who you are?"
        error={fieldError('identify')}
        value={identify}
        onChange={setIdentify}
        choices={[
          {
            value: 'nhs',
            label: 'With my NHS number',
            conditional: (
              <NhsNumberInput
                hint="10 digits, for example 485 777 3456"
                error={fieldError('nhsNumber')}
              />
            ),
          },
          {
            value: 'name',
            label: 'With my name and postcode',
            conditional: (
              <>
                <PersonNameInput
                  id="givenName"
                  label="First name"
                  autoComplete="given-name"
                  error={fieldError('givenName')}
                />
                <PersonNameInput
                  id="familyName"
                  label="Last name"
                  autoComplete="family-name"
                  error={fieldError('familyName')}
                />
                <TextInput
                  id="postcode"
                  label="Postcode"
                  autoComplete="postal-code"
                  className="nhsuk-input--width-10"
                  error={fieldError('postcode')}
                />
              </>
            ),
          },
        ]}
      />
      <DateOfBirthInput error={fieldError('dateOfBirth-day')} />
      <Button aria-disabled={busy}>Send request</Button>
    </form>
  );
}

function SentStep({ reference, practiceName }: { reference: string; practiceName: string }) {
  return (
    <>
      <div className="nhsuk-panel" role="status">
        <h2 className="nhsuk-panel__heading">Your request has been sent</h2>
        <div className="nhsuk-panel__body">
          Your reference is
          <br />
          <strong>{reference}</strong>
        </div>
      </div>
      <p>
        {practiceName} will look at your request and contact you. Requests are dealt with in order
        of need, not the time they arrive.
      </p>
      <InsetText>
        <p>
          If you feel worse while you wait, call 111 or go to 111.nhs.uk. In an emergency, call 999.
        </p>
      </InsetText>
    </>
  );
}
