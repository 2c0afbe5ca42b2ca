import { DEFAULT_STANDARDS } from '@atscale/domain';
import {
  addReviewAction,
  addReviewFinding,
  fetchReview,
  fetchReviewOwners,
  type ReviewMeeting,
} from '../../api/standards';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { ErrorSummary } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { Textarea } from '../../components/textarea';
import { WideTable } from '../../components/wide-table';
import { useDocumentTitle } from '../../components/use-document-title';
import { dateInputToIso } from '../../format/date-input';
import { formatDate } from '../../format/format';
import { dateParts, fieldValue } from '../../forms/form-data';
import { refusalItems } from '../../forms/error-items';
import { useFormSubmission } from '../../forms/use-form-submission';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { ActionTracker } from './peer-reviews-page';

const standardName = (id: string | null) =>
  id === null ? 'None' : (DEFAULT_STANDARDS.find((s) => s.id === id)?.name ?? id);

/** One peer review meeting: who came, what it found and the actions agreed. */
export function PeerReviewPage({ meetingId }: { meetingId: string }) {
  const meeting = useApi(`peer-review-${meetingId}`, () => fetchReview(meetingId));
  useDocumentTitle(meeting.state.status === 'done' ? meeting.state.data.title : 'Peer review');
  if (meeting.state.status === 'loading') return <LoadingPage />;
  if (meeting.state.status === 'error') {
    if (meeting.state.httpStatus === 404) return <NotFoundPage />;
    if (meeting.state.httpStatus === 403) return <PermissionDeniedPage what="peer reviews" />;
    return <ServiceUnavailablePage detail={meeting.state.detail} />;
  }
  const m = meeting.state.data;
  const reload = () => void meeting.reload();
  return (
    <>
      <BackLink to="/governance/peer-reviews">Peer review</BackLink>
      <PageHeading caption={`Peer review, ${formatDate(m.heldOn)}`}>{m.title}</PageHeading>
      <p>{`Practices reviewed: ${m.practices.map((p) => p.name).join(', ')}.`}</p>
      <p>{`Attendees: ${m.attendees.length === 0 ? 'not recorded' : m.attendees.join(', ')}.`}</p>
      <h2 className="nhsuk-heading-m">Findings</h2>
      {m.findings.length === 0 ? (
        <p>No findings recorded.</p>
      ) : (
        <WideTable
          caption="Findings"
          head={['Practice', 'Standard', 'Finding']}
          rows={m.findings.map((f) => ({
            key: f.id,
            cells: [f.practiceName, standardName(f.standardId), f.text],
          }))}
        />
      )}
      <ActionTracker actions={m.actions} onChanged={reload} />
      {m.canManage && <FindingForm meeting={m} onAdded={reload} />}
      {m.canManage && <ActionForm meeting={m} onAdded={reload} />}
    </>
  );
}

const practiceChoices = (m: ReviewMeeting) =>
  m.practices.map((p) => ({ value: p.id, label: p.name }));

function FindingForm({ meeting, onAdded }: { meeting: ReviewMeeting; onAdded: () => void }) {
  const ids = { practice: 'finding-practice', standard: 'finding-standard', text: 'finding-text' };
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: (field) =>
          field.endsWith('practiceId')
            ? `#${ids.practice}`
            : field.endsWith('standardId')
              ? `#${ids.standard}`
              : `#${ids.text}`,
        fallbackHref: `#${ids.text}`,
      }),
  });
  const handleSubmit = onSubmit((form, element) => {
    const practiceId = fieldValue(form, ids.practice);
    const standardId = fieldValue(form, ids.standard);
    const text = fieldValue(form, ids.text);
    const problems = [];
    if (practiceId === '') problems.push({ text: 'Choose the practice', href: `#${ids.practice}` });
    if (text === '') problems.push({ text: 'Enter the finding', href: `#${ids.text}` });
    if (problems.length > 0) {
      setErrors(problems);
      return;
    }
    void send(async () => {
      await addReviewFinding(meeting.id, {
        practiceId,
        standardId: standardId === '' ? null : standardId,
        text,
      });
      element.reset();
      onAdded();
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="New finding">
      <h2 className="nhsuk-heading-m">New finding</h2>
      <ErrorSummary items={errors} />
      <Select
        id={ids.practice}
        label="Practice"
        prompt="Choose the practice"
        options={practiceChoices(meeting)}
        error={fieldError(ids.practice)}
      />
      <Select
        id={ids.standard}
        label="Standard (if any)"
        prompt="None"
        options={DEFAULT_STANDARDS.map((s) => ({ value: s.id, label: s.name }))}
        error={fieldError(ids.standard)}
      />
      <Textarea id={ids.text} label="Finding" error={fieldError(ids.text)} />
      <Button aria-disabled={busy}>Add finding</Button>
    </form>
  );
}

function ActionForm({ meeting, onAdded }: { meeting: ReviewMeeting; onAdded: () => void }) {
  const owners = useApi('peer-review-owners', fetchReviewOwners);
  const ids = {
    practice: 'action-practice',
    description: 'action-description',
    owner: 'action-owner',
    due: 'action-due',
  };
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: (field) =>
          field.endsWith('practiceId')
            ? `#${ids.practice}`
            : field.endsWith('ownerId')
              ? `#${ids.owner}`
              : field.endsWith('dueOn')
                ? `#${ids.due}-day`
                : `#${ids.description}`,
        fallbackHref: `#${ids.description}`,
      }),
  });
  const handleSubmit = onSubmit((form, element) => {
    const practiceId = fieldValue(form, ids.practice);
    const description = fieldValue(form, ids.description);
    const ownerId = fieldValue(form, ids.owner);
    const due = dateInputToIso(dateParts(form, ids.due), 'The due date');
    const problems = [];
    if (practiceId === '') problems.push({ text: 'Choose the practice', href: `#${ids.practice}` });
    if (description === '') {
      problems.push({ text: 'Enter the action', href: `#${ids.description}` });
    }
    if (ownerId === '') problems.push({ text: 'Choose the owner', href: `#${ids.owner}` });
    if (!due.ok) problems.push({ text: due.message, href: `#${ids.due}-day` });
    if (problems.length > 0 || !due.ok) {
      setErrors(problems);
      return;
    }
    void send(async () => {
      await addReviewAction(meeting.id, { practiceId, description, ownerId, dueOn: due.iso });
      element.reset();
      onAdded();
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="New action">
      <h2 className="nhsuk-heading-m">New action</h2>
      <ErrorSummary items={errors} />
      <Select
        id={ids.practice}
        label="Practice"
        prompt="Choose the practice"
        options={practiceChoices(meeting)}
        error={fieldError(ids.practice)}
      />
      <Textarea id={ids.description} label="Action" error={fieldError(ids.description)} />
      <Select
        id={ids.owner}
        label="Owner"
        prompt="Choose the owner"
        options={
          owners.state.status === 'done'
            ? owners.state.data.map((o) => ({ value: o.id, label: o.name }))
            : []
        }
        error={fieldError(ids.owner)}
      />
      <DateInput id={ids.due} legend="Due by" error={fieldError(`${ids.due}-day`)} />
      <Button aria-disabled={busy}>Add action</Button>
    </form>
  );
}
