import { useState } from 'react';
import {
  CQC_KEY_QUESTION_LABELS,
  SIGNIFICANT_EVENT_CATEGORY_LABELS,
  SIGNIFICANT_EVENT_KIND_LABELS,
  SIGNIFICANT_EVENT_SEVERITY_LABELS,
  SIGNIFICANT_EVENT_STATUS_LABELS,
  type SignificantEventStatus,
} from '@atscale/domain';
import { fetchPolicies } from '../../api/policies';
import {
  fetchInvestigators,
  fetchSignificantEvent,
  linkSignificantEventPolicy,
  moveSignificantEvent,
  unlinkSignificantEventPolicy,
  type SignificantEventChanges,
  type SignificantEventDetail,
} from '../../api/significant-events';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { ErrorSummary } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryList } from '../../components/summary-list';
import { Textarea } from '../../components/textarea';
import { useDocumentTitle } from '../../components/use-document-title';
import { dateInputToIso } from '../../format/date-input';
import { formatDate } from '../../format/format';
import { dateParts, fieldValue } from '../../forms/form-data';
import { refusalItems } from '../../forms/error-items';
import { useFormSubmission } from '../../forms/use-form-submission';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { EventStatusTag } from './significant-events-page';
import { eventStep } from './significant-event-steps';

const dateTime = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London' });

/** One event: what happened, the investigation, the timeline and the next step in the lifecycle. */
export function SignificantEventPage({ eventId }: { eventId: string }) {
  const event = useApi(`significant-event-${eventId}`, () => fetchSignificantEvent(eventId));
  const [done, setDone] = useState<string | null>(null);
  useDocumentTitle(event.state.status === 'done' ? event.state.data.title : 'Significant event');
  if (event.state.status === 'loading') return <LoadingPage />;
  if (event.state.status === 'error') {
    if (event.state.httpStatus === 404 || event.state.httpStatus === 400) return <NotFoundPage />;
    return <ServiceUnavailablePage detail={event.state.detail} />;
  }
  const e = event.state.data;
  const changed = (message: string) => {
    setDone(message);
    void event.reload();
  };
  return (
    <>
      <BackLink to="/governance/significant-events">Significant events and complaints</BackLink>
      <PageHeading caption={`${SIGNIFICANT_EVENT_KIND_LABELS[e.kind]} at ${e.practiceName}`}>
        {e.title}
      </PageHeading>
      {done && <SuccessBanner>{done}</SuccessBanner>}
      <p>
        <EventStatusTag event={e} />
      </p>
      <SummaryList
        rows={[
          { key: 'What happened', value: e.description },
          { key: 'Category', value: SIGNIFICANT_EVENT_CATEGORY_LABELS[e.category] },
          { key: 'Harm', value: SIGNIFICANT_EVENT_SEVERITY_LABELS[e.severity] },
          { key: 'Occurred', value: formatDate(e.occurredOn) },
          ...(e.siteName ? [{ key: 'Site', value: e.siteName }] : []),
          { key: 'Reported by', value: `${e.reportedBy.name}, ${dateTime(e.reportedAt)}` },
          {
            key: 'CQC key questions',
            value: e.keyQuestions.map((q) => CQC_KEY_QUESTION_LABELS[q]).join(', ') || 'None',
          },
          ...(e.kind === 'complaint'
            ? [
                { key: 'Received', value: formatDate(e.receivedOn ?? '') },
                {
                  key: 'Acknowledgement',
                  value: e.acknowledgedOn
                    ? `Sent ${formatDate(e.acknowledgedOn)}`
                    : `Due by ${formatDate(e.acknowledgementDueOn ?? '')} (3 working days)`,
                },
                {
                  key: 'Response',
                  value: e.respondedOn
                    ? `Sent ${formatDate(e.respondedOn)}`
                    : `Due by ${formatDate(e.responseDueOn ?? '')}`,
                },
              ]
            : []),
          { key: 'Investigator', value: e.investigator?.name ?? 'Not yet named' },
          { key: 'Findings', value: e.findings ?? '–' },
          { key: 'Learning', value: e.learning ?? '–' },
          { key: 'Actions agreed', value: e.actionsAgreed ?? '–' },
          {
            key: 'Policies',
            value:
              e.policies.length === 0 ? (
                'None linked'
              ) : e.canManage ? (
                <LinkedPolicies event={e} onRemoved={changed} />
              ) : (
                e.policies.map((p, i) => (
                  <span key={p.id}>
                    {i > 0 && ', '}
                    <Link to={`/governance/policies/${p.id}`}>{p.title}</Link>
                  </span>
                ))
              ),
          },
        ]}
      />
      <h2 className="nhsuk-heading-m">Timeline</h2>
      <ol className="nhsuk-list nhsuk-list--number">
        {e.timeline.map((c) => (
          <li key={`${c.changedAt} ${c.toStatus}`}>
            {SIGNIFICANT_EVENT_STATUS_LABELS[c.toStatus]} by {c.changedBy}, {dateTime(c.changedAt)}
            {c.note && <>: {c.note}</>}
          </li>
        ))}
      </ol>
      {e.canManage && e.next.map((to) => <MoveForm key={to} event={e} to={to} onMoved={changed} />)}
      {e.canManage && <LinkPolicyForm event={e} onLinked={changed} />}
    </>
  );
}

/** One move along the lifecycle, asking for what that move needs. */
function MoveForm({
  event,
  to,
  onMoved,
}: {
  event: SignificantEventDetail;
  to: SignificantEventStatus;
  onMoved: (message: string) => void;
}) {
  const id = (name: string) => `sea-${to}-${name}`;
  const investigators = useApi(`investigators-${event.practiceId}`, () =>
    fetchInvestigators(event.practiceId),
  );
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: (field) => `#${id(field.split('/').pop() ?? 'note')}`,
        fallbackHref: `#${id('note')}`,
      }),
  });
  // Going back from learning reopens the investigation: its investigator and findings stay.
  const { name, backwards } = eventStep(event.status, to);
  const handleSubmit = onSubmit((form) => {
    const changes: SignificantEventChanges = {};
    const text = (name: 'findings' | 'learning' | 'actionsAgreed') => {
      const value = fieldValue(form, id(name));
      if (value !== '') changes[name] = value;
    };
    const problems: { text: string; href: string }[] = [];
    if (to === 'investigating' && !backwards) {
      const investigatorId = fieldValue(form, id('investigatorId'));
      if (investigatorId === '')
        problems.push({ text: 'Choose the investigator', href: `#${id('investigatorId')}` });
      else changes.investigatorId = investigatorId;
    }
    if (to === 'learning') text('findings');
    if (to === 'closed') {
      text('learning');
      text('actionsAgreed');
      if (event.kind === 'complaint') {
        for (const name of ['acknowledgedOn', 'respondedOn'] as const) {
          const parts = dateParts(form, id(name));
          if (parts.day === '' && parts.month === '' && parts.year === '') continue;
          const date = dateInputToIso(
            parts,
            name === 'acknowledgedOn' ? 'Acknowledged' : 'Responded',
          );
          if (date.ok) changes[name] = date.iso;
          else problems.push({ text: date.message, href: `#${id(name)}-day` });
        }
      }
    }
    if (problems.length > 0) {
      setErrors(problems);
      return;
    }
    const note = fieldValue(form, id('note'));
    void send(async () => {
      await moveSignificantEvent(event.id, { to, ...changes, ...(note ? { note } : {}) });
      onMoved(`Moved to ${SIGNIFICANT_EVENT_STATUS_LABELS[to].toLowerCase()}`);
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label={name}>
      <h2 className="nhsuk-heading-m">{name}</h2>
      <ErrorSummary items={errors} />
      {to === 'investigating' && !backwards && (
        <Select
          id={id('investigatorId')}
          label="Investigator"
          prompt="Choose the investigator"
          options={
            investigators.state.status === 'done'
              ? investigators.state.data.map((u) => ({ value: u.id, label: u.name }))
              : []
          }
          error={fieldError(id('investigatorId'))}
        />
      )}
      {to === 'learning' && (
        <Textarea
          id={id('findings')}
          label="Findings"
          rows={5}
          defaultValue={event.findings ?? ''}
          error={fieldError(id('findings'))}
        />
      )}
      {to === 'closed' && (
        <>
          <Textarea
            id={id('learning')}
            label="Learning"
            rows={4}
            defaultValue={event.learning ?? ''}
            error={fieldError(id('learning'))}
          />
          <Textarea
            id={id('actionsAgreed')}
            label="Actions agreed"
            rows={4}
            defaultValue={event.actionsAgreed ?? ''}
            error={fieldError(id('actionsAgreed'))}
          />
          {event.kind === 'complaint' && (
            <>
              <DateInput
                id={id('acknowledgedOn')}
                legend="Acknowledgement sent"
                defaultValue={event.acknowledgedOn ?? undefined}
                error={fieldError(`${id('acknowledgedOn')}-day`)}
              />
              <DateInput
                id={id('respondedOn')}
                legend="Final response sent"
                defaultValue={event.respondedOn ?? undefined}
                error={fieldError(`${id('respondedOn')}-day`)}
              />
            </>
          )}
        </>
      )}
      <Textarea
        id={id('note')}
        label="Note for the timeline (optional)"
        rows={2}
        error={fieldError(id('note'))}
      />
      <Button aria-disabled={busy} variant={backwards ? 'secondary' : 'primary'}>
        {name}
      </Button>
    </form>
  );
}

/** The linked policies of an open event, each with a button that removes its link. */
function LinkedPolicies({
  event,
  onRemoved,
}: {
  event: SignificantEventDetail;
  onRemoved: (message: string) => void;
}) {
  const id = 'sea-linked-policies';
  const { errors, busy, send } = useFormSubmission({
    refused: (error) => refusalItems(error, { hrefFor: () => `#${id}`, fallbackHref: `#${id}` }),
  });
  return (
    <>
      <ErrorSummary items={errors} />
      <ul className="nhsuk-list" id={id}>
        {event.policies.map((p) => (
          <li key={p.id}>
            <Link to={`/governance/policies/${p.id}`}>{p.title}</Link>{' '}
            <Button
              type="button"
              variant="secondary"
              className="nhsuk-u-margin-bottom-0 nhsuk-u-margin-left-2"
              aria-disabled={busy}
              onClick={() => {
                if (busy) return;
                void send(async () => {
                  await unlinkSignificantEventPolicy(event.id, p.id);
                  onRemoved(`Policy ${p.title} removed`);
                });
              }}
            >
              Remove<span className="nhsuk-u-visually-hidden"> {p.title}</span>
            </Button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Links a policy of the library, such as one the event led to revising. */
function LinkPolicyForm({
  event,
  onLinked,
}: {
  event: SignificantEventDetail;
  onLinked: (message: string) => void;
}) {
  const policies = useApi('policies', fetchPolicies);
  const id = 'sea-policy';
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) => refusalItems(error, { hrefFor: () => `#${id}`, fallbackHref: `#${id}` }),
  });
  const linked = new Set(event.policies.map((p) => p.id));
  const handleSubmit = onSubmit((form) => {
    const policyId = fieldValue(form, id);
    if (policyId === '') {
      setErrors([{ text: 'Choose a policy', href: `#${id}` }]);
      return;
    }
    void send(async () => {
      await linkSignificantEventPolicy(event.id, policyId);
      onLinked('Policy linked');
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Link a policy">
      <h2 className="nhsuk-heading-m">Link a policy</h2>
      <ErrorSummary items={errors} />
      <Select
        id={id}
        label="Policy"
        prompt="Choose a policy"
        options={
          policies.state.status === 'done'
            ? policies.state.data
                .filter((p) => !linked.has(p.id))
                .map((p) => ({ value: p.id, label: p.title }))
            : []
        }
        error={fieldError(id)}
      />
      <Button aria-disabled={busy} variant="secondary">
        Link policy
      </Button>
    </form>
  );
}
