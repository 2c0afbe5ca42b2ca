import { useState } from 'react';
import { PERMISSIONS } from '@atscale/domain';
import type { Me } from '../../api/me';
import {
  closeReviewAction,
  createReview,
  fetchReviewActions,
  fetchReviews,
  fetchStandardsGrid,
  type ReviewAction,
} from '../../api/standards';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Checkboxes } from '../../components/checkboxes';
import { DateInput } from '../../components/date-input';
import { ErrorSummary } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { TextInput } from '../../components/text-input';
import { Textarea } from '../../components/textarea';
import { WideTable } from '../../components/wide-table';
import { useDocumentTitle } from '../../components/use-document-title';
import { dateInputToIso } from '../../format/date-input';
import { formatDate } from '../../format/format';
import { dateParts, fieldValue } from '../../forms/form-data';
import { refusalItems } from '../../forms/error-items';
import { useFormSubmission } from '../../forms/use-form-submission';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';

const STATE_TAG: Readonly<Record<ReviewAction['state'], { label: string; className: string }>> = {
  overdue: { label: 'Overdue', className: 'nhsuk-tag nhsuk-tag--red' },
  open: { label: 'Open', className: 'nhsuk-tag nhsuk-tag--blue' },
  done: { label: 'Closed', className: 'nhsuk-tag nhsuk-tag--green' },
};

/** An action's state as a tag with words. */
export function ActionState({ state }: { state: ReviewAction['state'] }) {
  return <strong className={STATE_TAG[state].className}>{STATE_TAG[state].label}</strong>;
}

/**
 * Peer review (GOV-3): the meetings, the action tracker (overdue, open and closed) where an
 * owner closes their actions with a note, and a new meeting for governance.
 */
export function PeerReviewsPage({ me }: { me: Me }) {
  const managers: readonly string[] = PERMISSIONS['peer-review:manage'];
  const canManage = me.roles.some((r) => managers.includes(r.role));
  useDocumentTitle('Peer review');
  const meetings = useApi('peer-reviews', fetchReviews);
  const actions = useApi('peer-review-actions', fetchReviewActions);
  const [created, setCreated] = useState<string | null>(null);
  if (meetings.state.status === 'loading' || actions.state.status === 'loading') {
    return <LoadingPage />;
  }
  if (meetings.state.status === 'error') {
    if (meetings.state.httpStatus === 403) return <PermissionDeniedPage what="peer reviews" />;
    return <ServiceUnavailablePage detail={meetings.state.detail} />;
  }
  if (actions.state.status === 'error') {
    return <ServiceUnavailablePage detail={actions.state.detail} />;
  }
  const list = meetings.state.data;
  return (
    <>
      <BackLink to="/governance">Governance</BackLink>
      <PageHeading caption="Governance">Peer review</PageHeading>
      {created && <SuccessBanner>{created}</SuccessBanner>}
      <p className="nhsuk-body-l">
        Peer review meetings against the agreement standards, what they found and the actions
        agreed, each with an owner and a due date, tracked until closed.
      </p>
      <h2 className="nhsuk-heading-m">Meetings</h2>
      {list.length === 0 ? (
        <p>No peer review meetings yet.</p>
      ) : (
        <WideTable
          caption="Peer review meetings"
          head={['Meeting', 'Held', 'Practices reviewed', 'Open actions', 'Overdue']}
          rows={list.map((m) => ({
            key: m.id,
            cells: [
              <Link key="m" to={`/governance/peer-reviews/${m.id}`}>
                {m.title}
              </Link>,
              formatDate(m.heldOn),
              m.practices.map((p) => p.name).join(', '),
              String(m.openActions),
              String(m.overdueActions),
            ],
          }))}
        />
      )}
      <ActionTracker actions={actions.state.data} onChanged={() => void actions.reload()} />
      {canManage && (
        <NewMeetingForm
          onCreated={(title) => {
            setCreated(`Recorded “${title}”: add its findings and actions from its page`);
            void meetings.reload();
          }}
        />
      )}
    </>
  );
}

/** Actions grouped overdue, open, closed; an owner or governance closes one with a note. */
export function ActionTracker({
  actions,
  onChanged,
}: {
  actions: readonly ReviewAction[];
  onChanged: () => void;
}) {
  const groups: [ReviewAction['state'], string][] = [
    ['overdue', 'Overdue actions'],
    ['open', 'Open actions'],
    ['done', 'Closed actions'],
  ];
  return (
    <>
      <h2 className="nhsuk-heading-m">Action tracker</h2>
      {groups.map(([state, caption]) => {
        const rows = actions.filter((a) => a.state === state);
        if (rows.length === 0) return <p key={state}>{`${caption}: none.`}</p>;
        return (
          <WideTable
            key={state}
            caption={caption}
            head={['Action', 'Practice', 'Owner', 'Due', 'State', state === 'done' ? 'Closed' : '']}
            rows={rows.map((a) => ({
              key: a.id,
              cells: [
                <span key="d">
                  {a.description}{' '}
                  <Link to={`/governance/peer-reviews/${a.meetingId}`}>({a.meetingTitle})</Link>
                </span>,
                a.practiceName,
                a.owner.name,
                formatDate(a.dueOn),
                <ActionState key="s" state={a.state} />,
                a.status === 'done' ? (
                  `${a.closedOn ? formatDate(a.closedOn) : ''}: ${a.closureNote ?? ''}`
                ) : a.canClose ? (
                  <CloseForm key="c" action={a} onClosed={onChanged} />
                ) : (
                  ''
                ),
              ],
            }))}
          />
        );
      })}
    </>
  );
}

function CloseForm({ action, onClosed }: { action: ReviewAction; onClosed: () => void }) {
  const id = `close-${action.id}`;
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) => refusalItems(error, { hrefFor: () => `#${id}`, fallbackHref: `#${id}` }),
  });
  const handleSubmit = onSubmit((form) => {
    const note = fieldValue(form, id);
    if (note === '') {
      setErrors([{ text: 'Enter how the action was closed', href: `#${id}` }]);
      return;
    }
    void send(async () => {
      await closeReviewAction(action.id, note);
      onClosed();
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label={`Close: ${action.description}`}>
      <ErrorSummary items={errors} />
      <TextInput id={id} label="Closure note" error={fieldError(id)} />
      <Button variant="secondary" aria-disabled={busy}>
        Close action
      </Button>
    </form>
  );
}

const ids = {
  title: 'review-title',
  heldOn: 'review-held-on',
  practices: 'review-practices',
  attendees: 'review-attendees',
};

function NewMeetingForm({ onCreated }: { onCreated: (title: string) => void }) {
  // The practices come from the standards grid, which governance can read across them all.
  const practices = useApi('peer-review-practices', () => fetchStandardsGrid());
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: (field) =>
          field.endsWith('heldOn')
            ? `#${ids.heldOn}-day`
            : field.includes('practiceIds')
              ? `#${ids.practices}`
              : field.includes('attendees')
                ? `#${ids.attendees}`
                : `#${ids.title}`,
        fallbackHref: `#${ids.title}`,
      }),
  });
  const handleSubmit = onSubmit((form, element) => {
    const title = fieldValue(form, ids.title);
    const heldOn = dateInputToIso(dateParts(form, ids.heldOn), 'The date held');
    const practiceIds = form.getAll(ids.practices).map(String);
    const attendees = fieldValue(form, ids.attendees)
      .split('\n')
      .map((a) => a.trim())
      .filter((a) => a !== '');
    const problems = [];
    if (title === '') problems.push({ text: 'Enter a title', href: `#${ids.title}` });
    if (!heldOn.ok) problems.push({ text: heldOn.message, href: `#${ids.heldOn}-day` });
    if (practiceIds.length === 0) {
      problems.push({ text: 'Choose the practices reviewed', href: `#${ids.practices}` });
    }
    if (problems.length > 0 || !heldOn.ok) {
      setErrors(problems);
      return;
    }
    void send(async () => {
      await createReview({ title, heldOn: heldOn.iso, practiceIds, attendees });
      element.reset();
      onCreated(title);
    });
  });
  if (practices.state.status !== 'done') return null;
  const choices = practices.state.data.practices.map((p) => ({
    value: p.practiceId,
    label: p.practiceName,
  }));
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="New peer review meeting">
      <h2 className="nhsuk-heading-m">New meeting</h2>
      <ErrorSummary items={errors} />
      <TextInput id={ids.title} label="Title" error={fieldError(ids.title)} />
      <DateInput id={ids.heldOn} legend="Date held" error={fieldError(`${ids.heldOn}-day`)} />
      <Checkboxes
        id={ids.practices}
        legend="Practices reviewed"
        error={fieldError(ids.practices)}
        choices={choices}
        small
      />
      <Textarea
        id={ids.attendees}
        label="Attendees"
        hint="One name a line"
        error={fieldError(ids.attendees)}
      />
      <Button aria-disabled={busy}>Record meeting</Button>
    </form>
  );
}
