import { useState } from 'react';
import {
  CQC_EVIDENCE_KIND_LABELS,
  CQC_KEY_QUESTIONS,
  CQC_KEY_QUESTION_LABELS,
  CQC_MANUAL_EVIDENCE_KINDS,
  CQC_RATING_LABELS,
  CQC_RATINGS,
  type CqcKeyQuestion,
  type CqcManualEvidenceKind,
  type CqcRating,
} from '@atscale/domain';
import {
  addCqcEvidence,
  fetchCqcSite,
  putCqcRegistration,
  recordCqcInspection,
  type CqcSiteDetail,
} from '../../api/cqc';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { ErrorSummary } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryList } from '../../components/summary-list';
import { TextInput } from '../../components/text-input';
import { useDocumentTitle } from '../../components/use-document-title';
import { WideTable } from '../../components/wide-table';
import { dateInputToIso } from '../../format/date-input';
import { formatDate } from '../../format/format';
import { refusalItems } from '../../forms/error-items';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { RatingTag, ReadinessTag } from './cqc-readiness-page';

const ratingChoices = CQC_RATINGS.map((r) => ({ value: r, label: CQC_RATING_LABELS[r] }));
const questionChoices = CQC_KEY_QUESTIONS.map((q) => ({
  value: q,
  label: CQC_KEY_QUESTION_LABELS[q],
}));

/** An optional date input: null when left empty, else the date or why it is not one. */
function optionalDate(form: FormData, id: string, label: string) {
  const parts = dateParts(form, id);
  if (parts.day === '' && parts.month === '' && parts.year === '')
    return { ok: true as const, iso: null };
  return dateInputToIso(parts, label);
}

/**
 * One site's CQC readiness (GOV-2): its registration and registered manager, latest ratings,
 * evidence per key question with the gaps, and forms to record them for those who may.
 */
export function CqcSitePage({ siteId }: { siteId: string }) {
  const site = useApi(`cqc-site-${siteId}`, () => fetchCqcSite(siteId));
  const [done, setDone] = useState<string | null>(null);
  useDocumentTitle(
    site.state.status === 'done' ? `CQC readiness: ${site.state.data.site.name}` : 'CQC readiness',
  );
  if (site.state.status === 'loading') return <LoadingPage />;
  if (site.state.status === 'error') {
    if (site.state.httpStatus === 404 || site.state.httpStatus === 400) return <NotFoundPage />;
    return <ServiceUnavailablePage detail={site.state.detail} />;
  }
  const data = site.state.data;
  const saved = (message: string) => {
    setDone(message);
    void site.reload();
  };
  return (
    <>
      <BackLink to="/governance/cqc">CQC readiness</BackLink>
      <PageHeading caption={data.site.practiceName ?? 'Organisation site'}>
        {data.site.name}
      </PageHeading>
      {done && <SuccessBanner>{done}</SuccessBanner>}
      <p>
        Readiness for inspection on {formatDate(data.today)}:{' '}
        <ReadinessTag readiness={data.readiness.readiness} />
      </p>
      <Registration data={data} />
      <LatestRatings data={data} />
      <Evidence data={data} />
      {data.canManage && (
        <>
          <EvidenceForm siteId={siteId} onSaved={saved} />
          <InspectionForm siteId={siteId} onSaved={saved} />
          <RegistrationForm data={data} onSaved={saved} />
        </>
      )}
    </>
  );
}

function Registration({ data }: { data: CqcSiteDetail }) {
  const r = data.registration;
  return (
    <>
      <h2 className="nhsuk-heading-m">Registration</h2>
      {r === null ? (
        <p>No CQC registration recorded.</p>
      ) : (
        <SummaryList
          rows={[
            { key: 'CQC location id', value: r.locationId ?? 'Not recorded' },
            { key: 'CQC provider id', value: r.providerId },
            { key: 'Registered on', value: formatDate(r.registeredOn) },
            { key: 'Registered manager', value: r.registeredManager?.name ?? 'None' },
          ]}
        />
      )}
      {data.readiness.siteGaps.length > 0 && (
        <>
          <h3 className="nhsuk-heading-s">Gaps for the site</h3>
          <ul>
            {data.readiness.siteGaps.map((g) => (
              <li key={`${g.code} ${g.text}`}>{g.text}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function LatestRatings({ data }: { data: CqcSiteDetail }) {
  const latest = data.latestInspection;
  return (
    <>
      <h2 className="nhsuk-heading-m">Latest ratings</h2>
      {latest === null ? (
        <p>No inspection recorded.</p>
      ) : (
        <>
          <p>
            Inspected on {formatDate(latest.inspectedOn)}: overall{' '}
            <RatingTag rating={latest.overall} />
            {latest.reportUrl && (
              <>
                {' '}
                <a href={latest.reportUrl} rel="noreferrer" target="_blank">
                  Inspection report (opens in a new tab)
                </a>
              </>
            )}
          </p>
          <WideTable
            caption="Rating and readiness by key question"
            head={['Key question', 'Rating', 'Readiness']}
            rows={data.readiness.keyQuestions.map((k) => ({
              key: k.keyQuestion,
              cells: [
                CQC_KEY_QUESTION_LABELS[k.keyQuestion],
                <RatingTag key="r" rating={k.rating} />,
                <ReadinessTag key="d" readiness={k.readiness} />,
              ],
            }))}
          />
        </>
      )}
    </>
  );
}

function Evidence({ data }: { data: CqcSiteDetail }) {
  return (
    <>
      <h2 className="nhsuk-heading-m">Evidence by key question</h2>
      {data.readiness.keyQuestions.map((k) => {
        const items = data.evidence.filter((e) => e.keyQuestion === k.keyQuestion);
        const label = CQC_KEY_QUESTION_LABELS[k.keyQuestion];
        return (
          <section key={k.keyQuestion} aria-labelledby={`cqc-${k.keyQuestion}`}>
            <h3 className="nhsuk-heading-s" id={`cqc-${k.keyQuestion}`}>
              {label} <ReadinessTag readiness={k.readiness} />
            </h3>
            {k.gaps.length === 0 ? (
              <p>No gaps.</p>
            ) : (
              <ul>
                {k.gaps.map((g) => (
                  <li key={`${g.code} ${g.text}`}>
                    {g.severity === 'major' ? <strong>{g.text}</strong> : g.text}
                  </li>
                ))}
              </ul>
            )}
            {items.length === 0 ? (
              <p>No evidence held.</p>
            ) : (
              <WideTable
                caption={`Evidence for ${label}`}
                head={['Evidence', 'Kind', 'Date', 'Review by', 'Where']}
                rows={items.map((e, i) => ({
                  key: `${e.sourceId} ${String(i)}`,
                  cells: [
                    e.title,
                    CQC_EVIDENCE_KIND_LABELS[e.kind],
                    formatDate(e.date),
                    e.reviewBy === null
                      ? '–'
                      : e.expired
                        ? `Expired ${formatDate(e.reviewBy)}`
                        : formatDate(e.reviewBy),
                    e.reference ?? (e.addedByName ? `Added by ${e.addedByName}` : '–'),
                  ],
                }))}
              />
            )}
          </section>
        );
      })}
    </>
  );
}

const evidenceIds = {
  question: 'cqc-evidence-question',
  kind: 'cqc-evidence-kind',
  title: 'cqc-evidence-title',
  date: 'cqc-evidence-date',
  reference: 'cqc-evidence-reference',
  reviewBy: 'cqc-evidence-review-by',
} as const;

function EvidenceForm({ siteId, onSaved }: { siteId: string; onSaved: (m: string) => void }) {
  const ids = evidenceIds;
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: (field) =>
          field.endsWith('keyQuestion')
            ? `#${ids.question}`
            : field.endsWith('kind')
              ? `#${ids.kind}`
              : field.endsWith('evidencedOn')
                ? `#${ids.date}-day`
                : field.endsWith('reviewBy')
                  ? `#${ids.reviewBy}-day`
                  : field.endsWith('reference')
                    ? `#${ids.reference}`
                    : `#${ids.title}`,
        fallbackHref: `#${ids.title}`,
      }),
  });
  const handleSubmit = onSubmit((form, element) => {
    const keyQuestion = fieldValue(form, ids.question);
    const kind = fieldValue(form, ids.kind);
    const title = fieldValue(form, ids.title);
    const reference = fieldValue(form, ids.reference);
    const on = dateInputToIso(dateParts(form, ids.date), 'The date of the evidence');
    const reviewBy = optionalDate(form, ids.reviewBy, 'The review date');
    const problems = [];
    if (keyQuestion === '')
      problems.push({ text: 'Choose the key question', href: `#${ids.question}` });
    if (kind === '') problems.push({ text: 'Choose the kind of evidence', href: `#${ids.kind}` });
    if (title === '') problems.push({ text: 'Enter a title', href: `#${ids.title}` });
    if (!on.ok) problems.push({ text: on.message, href: `#${ids.date}-day` });
    if (!reviewBy.ok) problems.push({ text: reviewBy.message, href: `#${ids.reviewBy}-day` });
    if (problems.length > 0 || !on.ok || !reviewBy.ok) {
      setErrors(problems);
      return;
    }
    void send(async () => {
      await addCqcEvidence(siteId, {
        keyQuestion: keyQuestion as CqcKeyQuestion,
        kind: kind as CqcManualEvidenceKind,
        title,
        evidencedOn: on.iso,
        reference: reference === '' ? null : reference,
        reviewBy: reviewBy.iso,
      });
      element.reset();
      onSaved(`Added “${title}”`);
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Add evidence">
      <h2 className="nhsuk-heading-m">Add evidence</h2>
      <ErrorSummary items={errors} />
      <Select
        id={ids.question}
        label="Key question"
        prompt="Choose the key question"
        options={questionChoices}
        error={fieldError(ids.question)}
      />
      <Select
        id={ids.kind}
        label="Kind"
        prompt="Choose the kind"
        options={CQC_MANUAL_EVIDENCE_KINDS.map((k) => ({
          value: k,
          label: CQC_EVIDENCE_KIND_LABELS[k],
        }))}
        error={fieldError(ids.kind)}
      />
      <TextInput id={ids.title} label="Title" error={fieldError(ids.title)} />
      <DateInput id={ids.date} legend="Date" error={fieldError(`${ids.date}-day`)} />
      <TextInput
        id={ids.reference}
        label="Link or reference (optional)"
        hint="Where the evidence is kept"
        error={fieldError(ids.reference)}
      />
      <DateInput
        id={ids.reviewBy}
        legend="Review or expiry date (optional)"
        error={fieldError(`${ids.reviewBy}-day`)}
      />
      <Button aria-disabled={busy}>Add evidence</Button>
    </form>
  );
}

const inspectionIds = {
  date: 'cqc-inspection-date',
  overall: 'cqc-inspection-overall',
  report: 'cqc-inspection-report',
  rating: (q: CqcKeyQuestion) => `cqc-inspection-${q}`,
} as const;

function InspectionForm({ siteId, onSaved }: { siteId: string; onSaved: (m: string) => void }) {
  const ids = inspectionIds;
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: (field) => {
          const question = CQC_KEY_QUESTIONS.find((q) => field.endsWith(`ratings/${q}`));
          if (question) return `#${ids.rating(question)}`;
          if (field.endsWith('overall')) return `#${ids.overall}`;
          if (field.endsWith('reportUrl')) return `#${ids.report}`;
          return `#${ids.date}-day`;
        },
        fallbackHref: `#${ids.date}-day`,
      }),
  });
  const handleSubmit = onSubmit((form, element) => {
    const on = dateInputToIso(dateParts(form, ids.date), 'The inspection date');
    const overall = fieldValue(form, ids.overall);
    const report = fieldValue(form, ids.report);
    const problems = [];
    if (!on.ok) problems.push({ text: on.message, href: `#${ids.date}-day` });
    if (overall === '')
      problems.push({ text: 'Choose the overall rating', href: `#${ids.overall}` });
    const ratings = {} as Record<CqcKeyQuestion, CqcRating>;
    for (const q of CQC_KEY_QUESTIONS) {
      const value = fieldValue(form, ids.rating(q));
      if (value === '') {
        problems.push({
          text: `Choose the rating for ${CQC_KEY_QUESTION_LABELS[q]}`,
          href: `#${ids.rating(q)}`,
        });
      }
      ratings[q] = value as CqcRating;
    }
    if (problems.length > 0 || !on.ok) {
      setErrors(problems);
      return;
    }
    void send(async () => {
      await recordCqcInspection(siteId, {
        inspectedOn: on.iso,
        overall: overall as CqcRating,
        ratings,
        reportUrl: report === '' ? null : report,
      });
      element.reset();
      onSaved(`Recorded the inspection of ${formatDate(on.iso)}`);
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Record an inspection">
      <h2 className="nhsuk-heading-m">Record an inspection</h2>
      <ErrorSummary items={errors} />
      <DateInput id={ids.date} legend="Inspection date" error={fieldError(`${ids.date}-day`)} />
      <Select
        id={ids.overall}
        label="Overall rating"
        prompt="Choose the rating"
        options={ratingChoices}
        error={fieldError(ids.overall)}
      />
      {CQC_KEY_QUESTIONS.map((q) => (
        <Select
          key={q}
          id={ids.rating(q)}
          label={CQC_KEY_QUESTION_LABELS[q]}
          prompt="Choose the rating"
          options={ratingChoices}
          error={fieldError(ids.rating(q))}
        />
      ))}
      <TextInput
        id={ids.report}
        label="Report link (optional)"
        hint="The report’s address on the CQC website"
        error={fieldError(ids.report)}
      />
      <Button aria-disabled={busy}>Record inspection</Button>
    </form>
  );
}

const registrationIds = {
  location: 'cqc-registration-location',
  provider: 'cqc-registration-provider',
  date: 'cqc-registration-date',
  staff: 'cqc-registration-manager',
  name: 'cqc-registration-manager-name',
} as const;

function RegistrationForm({
  data,
  onSaved,
}: {
  data: CqcSiteDetail;
  onSaved: (m: string) => void;
}) {
  const ids = registrationIds;
  const current = data.registration;
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: (field) =>
          field.endsWith('locationId')
            ? `#${ids.location}`
            : field.endsWith('providerId')
              ? `#${ids.provider}`
              : field.endsWith('registeredOn')
                ? `#${ids.date}-day`
                : field.endsWith('registeredManagerStaffId')
                  ? `#${ids.staff}`
                  : `#${ids.name}`,
        fallbackHref: `#${ids.provider}`,
      }),
  });
  const handleSubmit = onSubmit((form) => {
    const locationId = fieldValue(form, ids.location);
    const providerId = fieldValue(form, ids.provider);
    const on = dateInputToIso(dateParts(form, ids.date), 'The registration date');
    const staffId = fieldValue(form, ids.staff);
    const name = fieldValue(form, ids.name);
    const problems = [];
    if (providerId === '')
      problems.push({ text: 'Enter the CQC provider id', href: `#${ids.provider}` });
    if (!on.ok) problems.push({ text: on.message, href: `#${ids.date}-day` });
    if (staffId !== '' && name !== '') {
      problems.push({
        text: 'Choose a member of staff or enter a name, not both',
        href: `#${ids.name}`,
      });
    }
    if (problems.length > 0 || !on.ok) {
      setErrors(problems);
      return;
    }
    void send(async () => {
      await putCqcRegistration(data.site.id, {
        locationId: locationId === '' ? null : locationId,
        providerId,
        registeredOn: on.iso,
        registeredManagerStaffId: staffId === '' ? null : staffId,
        registeredManagerName: name === '' ? null : name,
      });
      onSaved('Saved the registration');
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="CQC registration">
      <h2 className="nhsuk-heading-m">
        {current ? 'Change the registration' : 'Record the registration'}
      </h2>
      <ErrorSummary items={errors} />
      <TextInput
        id={ids.location}
        label="CQC location id"
        hint="Such as 1-123456789"
        defaultValue={current?.locationId ?? ''}
        error={fieldError(ids.location)}
      />
      <TextInput
        id={ids.provider}
        label="CQC provider id"
        hint="Such as 1-123456789"
        defaultValue={current?.providerId ?? ''}
        error={fieldError(ids.provider)}
      />
      <DateInput
        id={ids.date}
        legend="Registered on"
        defaultValue={current?.registeredOn}
        error={fieldError(`${ids.date}-day`)}
      />
      <Select
        id={ids.staff}
        label="Registered manager"
        prompt="None, or named below"
        options={data.managerChoices.map((s) => ({ value: s.id, label: s.name }))}
        defaultValue={current?.registeredManager?.staffId ?? ''}
        error={fieldError(ids.staff)}
      />
      <TextInput
        id={ids.name}
        label="Or the registered manager’s name"
        hint="For someone not on the staff register"
        defaultValue={
          current?.registeredManager && current.registeredManager.staffId === null
            ? current.registeredManager.name
            : ''
        }
        error={fieldError(ids.name)}
      />
      <Button aria-disabled={busy}>Save registration</Button>
    </form>
  );
}
