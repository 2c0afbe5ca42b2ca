import { useState } from 'react';
import {
  CQC_KEY_QUESTION_LABELS,
  CQC_KEY_QUESTIONS,
  SIGNIFICANT_EVENT_CATEGORIES,
  SIGNIFICANT_EVENT_CATEGORY_LABELS,
  SIGNIFICANT_EVENT_SEVERITIES,
  SIGNIFICANT_EVENT_SEVERITY_LABELS,
  type CqcKeyQuestion,
  type SignificantEventCategory,
  type SignificantEventKind,
  type SignificantEventSeverity,
} from '@atscale/domain';
import type { Me } from '../../api/me';
import { fetchSites } from '../../api/organisation';
import { recordSignificantEvent } from '../../api/significant-events';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Checkboxes } from '../../components/checkboxes';
import { DateInput } from '../../components/date-input';
import { ErrorSummary } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { Radios } from '../../components/radios';
import { Select } from '../../components/select';
import { Textarea } from '../../components/textarea';
import { TextInput } from '../../components/text-input';
import { useDocumentTitle } from '../../components/use-document-title';
import { dateInputToIso } from '../../format/date-input';
import { dateParts, fieldValue } from '../../forms/form-data';
import { refusalItems } from '../../forms/error-items';
import { useFormSubmission } from '../../forms/use-form-submission';
import { navigate } from '../../router/history';

const ids = {
  kind: 'sea-kind',
  practice: 'sea-practice',
  site: 'sea-site',
  title: 'sea-title',
  description: 'sea-description',
  category: 'sea-category',
  severity: 'sea-severity',
  occurredOn: 'sea-occurred-on',
  receivedOn: 'sea-received-on',
  questions: 'sea-key-questions',
} as const;

const FIELD_IDS: Readonly<Record<string, string>> = {
  kind: ids.kind,
  practiceId: ids.practice,
  siteId: ids.site,
  title: ids.title,
  description: ids.description,
  category: ids.category,
  severity: ids.severity,
  occurredOn: `${ids.occurredOn}-day`,
  receivedOn: `${ids.receivedOn}-day`,
  keyQuestions: ids.questions,
};

/** Report a significant event or log a complaint at one of the user's practices. */
export function RecordSignificantEventPage({ me }: { me: Me }) {
  useDocumentTitle('Report a significant event or complaint');
  const [kind, setKind] = useState<SignificantEventKind | null>(null);
  const onlyPractice = me.practices.length === 1 ? (me.practices[0]?.id ?? '') : '';
  const [chosenPractice, setChosenPractice] = useState('');
  const practiceId = onlyPractice || chosenPractice;
  // The site is optional: while the sites load, or if they cannot, the event is reported
  // without one.
  const sites = useApi('sites', fetchSites);
  const practiceSites =
    sites.state.status === 'done' && practiceId !== ''
      ? sites.state.data.filter((s) => s.practiceId === practiceId)
      : [];
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: (field) => `#${FIELD_IDS[field.split('/').pop() ?? ''] ?? ids.title}`,
        fallbackHref: `#${ids.title}`,
      }),
  });
  const handleSubmit = onSubmit((form) => {
    const problems: { text: string; href: string }[] = [];
    const siteId = practiceSites.length > 0 ? fieldValue(form, ids.site) : '';
    const title = fieldValue(form, ids.title);
    const description = fieldValue(form, ids.description);
    const category = fieldValue(form, ids.category);
    const severity = fieldValue(form, ids.severity);
    const occurred = dateInputToIso(dateParts(form, ids.occurredOn), 'The date it happened');
    const received =
      kind === 'complaint'
        ? dateInputToIso(dateParts(form, ids.receivedOn), 'The date it was received')
        : null;
    if (kind === null)
      problems.push({ text: 'Choose what you are reporting', href: `#${ids.kind}` });
    if (practiceId === '') problems.push({ text: 'Choose the practice', href: `#${ids.practice}` });
    if (title === '') problems.push({ text: 'Enter a title', href: `#${ids.title}` });
    if (description === '')
      problems.push({ text: 'Describe what happened', href: `#${ids.description}` });
    if (category === '') problems.push({ text: 'Choose a category', href: `#${ids.category}` });
    if (severity === '') problems.push({ text: 'Choose the harm', href: `#${ids.severity}` });
    if (!occurred.ok) problems.push({ text: occurred.message, href: `#${ids.occurredOn}-day` });
    if (received && !received.ok)
      problems.push({ text: received.message, href: `#${ids.receivedOn}-day` });
    if (problems.length > 0 || kind === null || !occurred.ok || (received && !received.ok)) {
      setErrors(problems);
      return;
    }
    void send(async () => {
      const created = await recordSignificantEvent({
        kind,
        practiceId,
        ...(siteId === '' ? {} : { siteId }),
        title,
        description,
        category: category as SignificantEventCategory,
        severity: severity as SignificantEventSeverity,
        occurredOn: occurred.iso,
        keyQuestions: form.getAll(ids.questions).map(String) as CqcKeyQuestion[],
        ...(received?.ok ? { receivedOn: received.iso } : {}),
      });
      navigate(`/governance/significant-events/${created.id}`);
    });
  });
  return (
    <>
      <BackLink to="/governance/significant-events">Significant events and complaints</BackLink>
      <PageHeading caption="Governance">Report a significant event or complaint</PageHeading>
      <form onSubmit={handleSubmit} noValidate aria-label="Report">
        <ErrorSummary items={errors} />
        <p>
          Describe what happened without identifying the patient: no names, dates of birth or NHS
          numbers. The practice’s clinical record is where the patient’s details belong.
        </p>
        <Radios
          id={ids.kind}
          legend="What are you reporting?"
          value={kind}
          onChange={setKind}
          error={fieldError(ids.kind)}
          choices={[
            {
              value: 'significant-event',
              label: 'A significant event',
              hint: 'Something that went, or nearly went, wrong',
            },
            {
              value: 'complaint',
              label: 'A complaint',
              hint: 'Acknowledged within 3 working days of receipt',
            },
          ]}
        />
        {me.practices.length > 1 && (
          <Select
            id={ids.practice}
            label="Practice"
            prompt="Choose the practice"
            options={me.practices.map((p) => ({ value: p.id, label: p.name }))}
            error={fieldError(ids.practice)}
            value={chosenPractice}
            onChange={(e) => {
              setChosenPractice(e.target.value);
            }}
          />
        )}
        {practiceSites.length > 0 && (
          <Select
            // A new practice starts with no site chosen.
            key={practiceId}
            id={ids.site}
            label="Site (optional)"
            hint="Where it happened, if at one of the practice’s sites"
            prompt="Not at a particular site"
            options={practiceSites.map((s) => ({ value: s.id, label: s.name }))}
            error={fieldError(ids.site)}
          />
        )}
        <TextInput id={ids.title} label="Title" error={fieldError(ids.title)} />
        <Textarea
          id={ids.description}
          label="What happened"
          rows={6}
          error={fieldError(ids.description)}
        />
        <Select
          id={ids.category}
          label="Category"
          prompt="Choose a category"
          options={SIGNIFICANT_EVENT_CATEGORIES.map((c) => ({
            value: c,
            label: SIGNIFICANT_EVENT_CATEGORY_LABELS[c],
          }))}
          error={fieldError(ids.category)}
        />
        <Select
          id={ids.severity}
          label="Harm"
          prompt="Choose the harm"
          options={SIGNIFICANT_EVENT_SEVERITIES.map((s) => ({
            value: s,
            label: SIGNIFICANT_EVENT_SEVERITY_LABELS[s],
          }))}
          error={fieldError(ids.severity)}
        />
        <DateInput
          id={ids.occurredOn}
          legend="When it happened"
          error={fieldError(`${ids.occurredOn}-day`)}
        />
        {kind === 'complaint' && (
          <DateInput
            id={ids.receivedOn}
            legend="When the complaint was received"
            error={fieldError(`${ids.receivedOn}-day`)}
          />
        )}
        <Checkboxes
          id={ids.questions}
          legend="CQC key questions it bears on"
          error={fieldError(ids.questions)}
          choices={CQC_KEY_QUESTIONS.map((q) => ({ value: q, label: CQC_KEY_QUESTION_LABELS[q] }))}
          small
        />
        <Button aria-disabled={busy}>Report</Button>
      </form>
    </>
  );
}
