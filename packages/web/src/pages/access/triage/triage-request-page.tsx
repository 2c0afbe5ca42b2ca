import { useState } from 'react';
import {
  ADMIN_REQUEST_LABELS,
  DELIVERY_CHANNEL_LABELS,
  OUTCOME_RULES,
  REQUEST_CHANNEL_LABELS,
  TRIAGE_OUTCOMES,
  URGENCIES,
  URGENCY_LABELS,
  type TriageOutcome,
  type Urgency,
} from '@atscale/domain';
import type { Me } from '../../../api/me';
import { useApi } from '../../../api/use-api';
import { BackLink } from '../../../components/back-link';
import { Button } from '../../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../../components/error-summary';
import { InsetText } from '../../../components/inset-text';
import { PageHeading } from '../../../components/page-heading';
import { Radios } from '../../../components/radios';
import { SuccessBanner } from '../../../components/success-banner';
import { SummaryList } from '../../../components/summary-list';
import { TextInput } from '../../../components/text-input';
import { Textarea } from '../../../components/textarea';
import { useDocumentTitle } from '../../../components/use-document-title';
import { formatDate, formatNhsNumber } from '../../../format/format';
import { errorFor, refusalItems } from '../../../forms/error-items';
import { fieldValue } from '../../../forms/form-data';
import { Link } from '../../../router/link';
import { mayUse } from '../../../session/use-permission';
import { NotFoundPage } from '../../not-found-page';
import {
  closeAdminRequest,
  fetchRequest,
  formatDateTime,
  type PatientRequest,
} from '../requests/requests-api';
import { claimRequest, releaseRequest, triageRequest } from './triage-api';
import { UrgencyTag } from './triage-queue-page';

const patientName = (request: PatientRequest) =>
  `${request.patient.familyName.toUpperCase()}, ${request.patient.givenName}`;

// The control a refused request names (`body/specialistService`).
const hrefFor = (field: string) => `#${field.split('/').pop() ?? 'urgency'}`;

/**
 * One request, for triage (ACC-2): claim it (only one triager can hold it), decide urgency and
 * outcome, or put it back. Admin requests can be closed by the admin team instead.
 */
export function TriageRequestPage({ requestId, me }: { requestId: string; me: Me }) {
  const loaded = useApi(`request ${requestId}`, () => fetchRequest(requestId));
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [current, setCurrent] = useState<PatientRequest | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(errors.length > 0 ? 'Error: Triage a request' : 'Triage a request');

  if (loaded.state.status === 'error' && loaded.state.httpStatus === 404) return <NotFoundPage />;
  if (loaded.state.status === 'error') return <p role="alert">{loaded.state.detail}</p>;
  const request = current ?? (loaded.state.status === 'done' ? loaded.state.data : null);
  if (!request) return <p>Loading…</p>;

  const act = async (work: () => Promise<PatientRequest>, done: string, fallbackHref: string) => {
    if (busy) return;
    setBusy(true);
    setErrors([]);
    setNotice(null);
    try {
      const changed = await work();
      setCurrent(changed);
      setNotice(done);
    } catch (error) {
      setErrors(refusalItems(error, { hrefFor, fallbackHref }));
      // Someone else may have claimed it meanwhile: show it as it is now.
      try {
        setCurrent(await fetchRequest(requestId));
      } catch {
        // The refusal already says what went wrong.
      }
    } finally {
      setBusy(false);
    }
  };

  const mayTriage = mayUse(me, 'triage:act', request.practiceId);
  const mayRecord = mayUse(me, 'request:record', request.practiceId);
  const mine = request.status === 'claimed' && request.claimedBy?.id === me.user.id;

  return (
    <>
      <BackLink to="/access/triage">Back to the triage queue</BackLink>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <ErrorSummary items={errors} />
          {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
          <PageHeading caption={`Request ${request.reference}`}>{patientName(request)}</PageHeading>
          <SummaryList
            rows={[
              { key: 'NHS number', value: formatNhsNumber(request.patient.nhsNumber) },
              { key: 'Date of birth', value: formatDate(request.patient.dateOfBirth) },
              { key: 'Practice', value: request.practiceName },
              ...(request.triageTeamName
                ? [{ key: 'Call centre', value: request.triageTeamName }]
                : []),
              {
                key: 'Received',
                value: `${formatDateTime(request.receivedAt)} (${REQUEST_CHANNEL_LABELS[request.channel]})`,
              },
              {
                key: 'Kind',
                value:
                  request.kind === 'admin' && request.adminType
                    ? `Admin: ${ADMIN_REQUEST_LABELS[request.adminType]}`
                    : 'Clinical',
              },
              { key: 'What they said', value: request.description },
              {
                key: 'Prefers',
                value: request.preferredChannel
                  ? DELIVERY_CHANNEL_LABELS[request.preferredChannel]
                  : 'Not said',
              },
              { key: 'Urgency', value: <UrgencyTag urgency={request.urgency} /> },
              { key: 'Due by', value: formatDateTime(request.dueBy) },
              { key: 'Status', value: statusText(request) },
            ]}
          />
          {request.status === 'waiting' && mayTriage ? (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void act(
                  () => claimRequest(request.id),
                  'You are triaging this request: nobody else can claim it.',
                  '#claim',
                );
              }}
            >
              <Button id="claim" aria-disabled={busy}>
                Claim to triage
              </Button>
            </form>
          ) : null}
          {request.status === 'claimed' && !mine ? (
            <InsetText>
              <p>
                {request.claimedBy?.displayName ?? 'Someone'} is triaging this request. Only they
                can record the decision or put it back in the queue.
              </p>
            </InsetText>
          ) : null}
          {mine ? (
            <TriageForm
              busy={busy}
              errors={errors}
              onErrors={setErrors}
              onDecide={(decision) =>
                void act(
                  () => triageRequest(request.id, decision),
                  OUTCOME_RULES[decision.outcome].needsAppointment
                    ? 'Triaged: the request is on the list to book.'
                    : 'Triaged and closed: no appointment is needed.',
                  '#urgency',
                )
              }
              onRelease={() =>
                void act(
                  () => releaseRequest(request.id),
                  'Put back in the queue for someone else to triage.',
                  '#release',
                )
              }
            />
          ) : null}
          {request.kind === 'admin' && mayRecord && (request.status === 'waiting' || mine) ? (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                const note = fieldValue(new FormData(event.currentTarget), 'adminNote');
                void act(
                  () => closeAdminRequest(request.id, note || null),
                  'The admin request is closed as done.',
                  '#adminNote',
                );
              }}
            >
              <h2>Close as done</h2>
              <Textarea id="adminNote" label="What was done (optional)" rows={2} />
              <Button variant="secondary" aria-disabled={busy}>
                Close admin request
              </Button>
            </form>
          ) : null}
          {request.outcome ? (
            <>
              <h2>Decision</h2>
              <SummaryList
                rows={[
                  { key: 'Outcome', value: OUTCOME_RULES[request.outcome].label },
                  ...(request.specialistService
                    ? [{ key: 'Specialist service', value: request.specialistService }]
                    : []),
                  { key: 'Note', value: request.triageNote ?? 'None' },
                  {
                    key: 'Triaged by',
                    value: `${request.triagedBy?.displayName ?? 'Unknown'}${request.triagedAt ? `, ${formatDateTime(request.triagedAt)}` : ''}`,
                  },
                ]}
              />
            </>
          ) : null}
          <p>
            <Link to="/access/triage">Back to the triage queue</Link>
          </p>
        </div>
      </div>
    </>
  );
}

function statusText(request: PatientRequest): string {
  switch (request.status) {
    case 'waiting':
      return 'Waiting to be triaged';
    case 'claimed':
      return `Being triaged by ${request.claimedBy?.displayName ?? 'someone'}`;
    case 'triaged':
      return 'Triaged: to book';
    case 'closed':
      return 'Closed';
  }
}

function TriageForm({
  busy,
  errors,
  onErrors,
  onDecide,
  onRelease,
}: {
  busy: boolean;
  errors: readonly ErrorSummaryItem[];
  onErrors: (errors: ErrorSummaryItem[]) => void;
  onDecide: (decision: {
    urgency: Urgency;
    outcome: TriageOutcome;
    specialistService?: string;
    note?: string;
  }) => void;
  onRelease: () => void;
}) {
  const [urgency, setUrgency] = useState<Urgency | null>(null);
  const [outcome, setOutcome] = useState<TriageOutcome | null>(null);
  const fieldError = (id: string) => errorFor(errors, id);
  return (
    <form
      noValidate
      aria-labelledby="decision-heading"
      onSubmit={(event) => {
        event.preventDefault();
        if (busy) return;
        const form = new FormData(event.currentTarget);
        const specialistService = fieldValue(form, 'specialistService');
        const note = fieldValue(form, 'note');
        const invalid: ErrorSummaryItem[] = [];
        if (!urgency) invalid.push({ text: 'Choose the urgency', href: '#urgency' });
        if (!outcome) invalid.push({ text: 'Choose the outcome', href: '#outcome' });
        if (outcome === 'specialist' && !specialistService) {
          invalid.push({ text: 'Name the specialist service', href: '#specialistService' });
        }
        if (invalid.length > 0 || !urgency || !outcome) {
          onErrors(invalid);
          return;
        }
        onDecide({
          urgency,
          outcome,
          ...(outcome === 'specialist' ? { specialistService } : {}),
          ...(note ? { note } : {}),
        });
      }}
    >
      <h2 id="decision-heading">Triage decision</h2>
      <Radios<Urgency>
        id="urgency"
        legend="Urgency"
        error={fieldError('urgency')}
        value={urgency}
        onChange={setUrgency}
        choices={URGENCIES.map((u) => ({ value: u, label: URGENCY_LABELS[u] }))}
      />
      <Radios<TriageOutcome>
        id="outcome"
        legend="Outcome"
        error={fieldError('outcome')}
        value={outcome}
        onChange={setOutcome}
        choices={TRIAGE_OUTCOMES.map((o) => ({
          value: o,
          label: OUTCOME_RULES[o].label,
          hint: OUTCOME_RULES[o].needsAppointment
            ? 'Goes on the list to book'
            : 'Closes the request',
          ...(o === 'specialist'
            ? {
                conditional: (
                  <TextInput
                    id="specialistService"
                    label="Which specialist service"
                    hint="For example MSK, geriatric opinion or a GP with a special interest"
                    error={fieldError('specialistService')}
                  />
                ),
              }
            : {}),
        }))}
      />
      <Textarea id="note" label="Note (optional)" rows={3} maxLength={4000} />
      <div className="nhsuk-button-group">
        <Button aria-disabled={busy}>Record decision</Button>
        <Button id="release" type="button" variant="secondary" onClick={onRelease}>
          Put back in the queue
        </Button>
      </div>
    </form>
  );
}
