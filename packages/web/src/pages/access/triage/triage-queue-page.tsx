import { useEffect, useState } from 'react';
import {
  ADMIN_REQUEST_LABELS,
  REQUEST_CHANNEL_LABELS,
  URGENCIES,
  URGENCY_LABELS,
  type Urgency,
} from '@atscale/domain';
import type { Me } from '../../../api/me';
import { useApi } from '../../../api/use-api';
import { BackLink } from '../../../components/back-link';
import { Button } from '../../../components/button';
import { PageHeading } from '../../../components/page-heading';
import { Select } from '../../../components/select';
import { SummaryList } from '../../../components/summary-list';
import { Table } from '../../../components/table';
import { ScrollingRegion } from './scrolling-region';
import { useDocumentTitle } from '../../../components/use-document-title';
import { formatCount } from '../../../format/format';
import { Link } from '../../../router/link';
import { PermissionDeniedPage } from '../../permission-denied-page';
import { formatDateTime, waitedFor, type PatientRequest } from '../requests/requests-api';
import { fetchQueue, fetchTeams, type QueueChoice, type TriageQueue } from './triage-api';

/** How often the queue refreshes itself, in milliseconds. */
export const QUEUE_REFRESH_MS = 15_000;

const choiceOf = (value: string): QueueChoice | null => {
  const [kind, id] = value.split(':');
  if (!id) return null;
  return kind === 'team' ? { teamId: id } : { practiceId: id };
};

/** A request's urgency as a tag, and a red "Overdue" tag beside it once it is overdue. */
export function UrgencyTags({ urgency, overdue }: { urgency: Urgency | null; overdue: boolean }) {
  return (
    <>
      <UrgencyTag urgency={urgency} />
      {overdue ? (
        <>
          {' '}
          <strong className="nhsuk-tag nhsuk-tag--red">Overdue</strong>
        </>
      ) : null}
    </>
  );
}

/** An urgency as an NHS.UK tag, most urgent in red. */
export function UrgencyTag({ urgency }: { urgency: Urgency | null }) {
  if (urgency === null) return <strong className="nhsuk-tag nhsuk-tag--grey">Not assessed</strong>;
  const colour: Record<Urgency, string> = {
    emergency: 'red',
    'same-day': 'orange',
    'within-2-days': 'yellow',
    'within-2-weeks': 'blue',
    routine: 'green',
  };
  return (
    <strong className={`nhsuk-tag nhsuk-tag--${colour[urgency]}`}>{URGENCY_LABELS[urgency]}</strong>
  );
}

/** What a request is about, in a line. */
export function requestSummary(request: PatientRequest): string {
  const what =
    request.kind === 'admin' && request.adminType
      ? `Admin: ${ADMIN_REQUEST_LABELS[request.adminType]}`
      : 'Clinical';
  const text =
    request.description.length > 90 ? `${request.description.slice(0, 87)}…` : request.description;
  return `${what}. ${text}`;
}

/**
 * The triage queue (ACC-2, ACC-7): a practice's or a call centre's open requests, most urgent
 * first and then longest waiting, with live counts, refreshing itself every 15 seconds.
 */
export function TriageQueuePage({ me }: { me: Me }) {
  useDocumentTitle('Triage queue');
  const teams = useApi('triage teams', fetchTeams);
  const [selected, setSelected] = useState(me.practices[0] ? `practice:${me.practices[0].id}` : '');
  const choice = choiceOf(selected);
  const queue = useApi(`triage queue ${selected}`, () =>
    choice ? fetchQueue(choice) : Promise.reject(new Error('Choose a queue')),
  );

  useEffect(() => {
    const timer = setInterval(() => void queue.reload(), QUEUE_REFRESH_MS);
    return () => {
      clearInterval(timer);
    };
  }, [queue]);

  const options = [
    ...me.practices.map((p) => ({ value: `practice:${p.id}`, label: p.name })),
    ...(teams.state.status === 'done'
      ? teams.state.data.teams.map((t) => ({
          value: `team:${t.id}`,
          label: `${t.name} (call centre)`,
        }))
      : []),
  ];

  if (queue.state.status === 'error' && queue.state.httpStatus === 403) {
    return <PermissionDeniedPage what="this triage queue" />;
  }
  const data = queue.state.status === 'done' ? queue.state.data : queue.last;

  return (
    <>
      <BackLink to="/access">Back to access</BackLink>
      <PageHeading caption="Access">Triage queue</PageHeading>
      <p>
        Requests are in order of need, then of how long they have waited. The queue refreshes itself
        every 15 seconds.
      </p>
      <form
        className="nhsuk-u-margin-bottom-4"
        onSubmit={(event) => {
          event.preventDefault();
          void queue.reload();
        }}
      >
        <Select
          id="queue"
          label="Queue"
          options={options}
          value={selected}
          onChange={(event) => {
            setSelected(event.target.value);
          }}
        />
        <Button variant="secondary">Refresh now</Button>
      </form>
      <p>
        <Link to="/access/triage/to-book">Requests to book</Link>
        {' · '}
        <Link to="/access/triage/kpis">Triage KPIs</Link>
        {' · '}
        <Link to="/access/requests/new">Record a request</Link>
      </p>
      {queue.state.status === 'error' && queue.state.httpStatus !== 403 ? (
        <p role="alert">The queue could not be loaded: {queue.state.detail}</p>
      ) : null}
      {data ? <QueueView queue={data} /> : <p>Loading…</p>}
    </>
  );
}

/** "2 h 5 min", "3 days": how long past due. */
function overdueBy(minutes: number): string {
  if (minutes < 60) return `${String(minutes)} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${String(hours)} h ${String(minutes % 60)} min`;
  return `${String(Math.floor(hours / 24))} days`;
}

/**
 * The unclaimed-request alert (hazard H-008): requests nobody has claimed beyond their
 * urgency's window, most urgent first, each a link to claim it. Shown above everything else.
 */
function UnclaimedAlertView({ queue }: { queue: TriageQueue }) {
  const { unclaimed } = queue;
  if (unclaimed.count === 0) return null;
  const byId = new Map(queue.requests.map((r) => [r.id, r]));
  const shown = unclaimed.requests.slice(0, 10);
  const requests = unclaimed.count === 1 ? '1 request' : `${formatCount(unclaimed.count)} requests`;
  return (
    <div className="nhsuk-warning-callout" role="alert" aria-labelledby="unclaimed-alert-heading">
      <h2 className="nhsuk-warning-callout__label" id="unclaimed-alert-heading">
        <span role="text">
          {unclaimed.level === 'urgent' ? (
            <>
              <strong className="nhsuk-tag nhsuk-tag--red">Urgent</strong>{' '}
            </>
          ) : (
            <span className="nhsuk-u-visually-hidden">Important: </span>
          )}
          {requests} unclaimed beyond {unclaimed.count === 1 ? 'its' : 'their'} urgency window
        </span>
      </h2>
      <p>
        {unclaimed.level === 'urgent' ? 'Someone may need to be seen today. ' : ''}
        {unclaimed.count === 1
          ? `Claim it ${unclaimed.level === 'urgent' ? 'now' : 'next'}.`
          : `Claim these ${unclaimed.level === 'urgent' ? 'now' : 'next'}, most urgent first.`}
      </p>
      <ul>
        {shown.map((alert) => {
          const request = byId.get(alert.id);
          return (
            <li key={alert.id}>
              <Link to={`/access/triage/requests/${encodeURIComponent(alert.id)}`}>
                {request
                  ? `${request.patient.familyName.toUpperCase()}, ${request.patient.givenName}`
                  : 'A request'}
              </Link>{' '}
              ({alert.urgency ? URGENCY_LABELS[alert.urgency] : 'not assessed'}): overdue by{' '}
              {overdueBy(alert.minutesOverdue)}
            </li>
          );
        })}
      </ul>
      {unclaimed.count > shown.length ? (
        <p>And {formatCount(unclaimed.count - shown.length)} more in the queue below.</p>
      ) : null}
    </div>
  );
}

function QueueView({ queue }: { queue: TriageQueue }) {
  const { counts } = queue;
  return (
    <>
      <UnclaimedAlertView queue={queue} />
      <h2>
        {queue.queue.name}
        <span className="nhsuk-u-visually-hidden">: counts</span>
      </h2>
      <p className="nhsuk-body-s">Updated {formatDateTime(queue.asAt)}</p>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <SummaryList
            rows={[
              { key: 'Waiting', value: formatCount(counts.waiting) },
              { key: 'Being triaged', value: formatCount(counts.claimed) },
              { key: 'Overdue', value: formatCount(counts.overdue) },
              { key: 'Unclaimed and overdue', value: formatCount(queue.unclaimed.count) },
              { key: 'Triaged today', value: formatCount(counts.triagedToday) },
              { key: 'Closed today', value: formatCount(counts.closedToday) },
            ]}
          />
        </div>
        <div className="nhsuk-grid-column-one-half">
          <SummaryList
            rows={[
              { key: 'Not assessed', value: formatCount(counts.byUrgency.unassessed) },
              ...URGENCIES.map((u) => ({
                key: URGENCY_LABELS[u],
                value: formatCount(counts.byUrgency[u]),
              })),
            ]}
          />
        </div>
      </div>
      {queue.requests.length === 0 ? (
        <p>There are no requests waiting in this queue.</p>
      ) : (
        <ScrollingRegion label="Open requests">
          <Table
            caption={`Open requests (${String(queue.requests.length)}${queue.truncated ? ', the most urgent shown' : ''})`}
            head={['Urgency', 'Received', 'Patient', 'Request', 'Status']}
            rows={queue.requests.map((request) => ({
              key: request.id,
              cells: [
                <UrgencyTags urgency={request.urgency} overdue={request.overdue} />,
                <>
                  {formatDateTime(request.receivedAt)}
                  <br />
                  <span className="nhsuk-body-s">
                    waited {waitedFor(request.receivedAt, queue.asAt)},{' '}
                    {REQUEST_CHANNEL_LABELS[request.channel].toLowerCase()}
                  </span>
                </>,
                <Link to={`/access/triage/requests/${encodeURIComponent(request.id)}`}>
                  {request.patient.familyName.toUpperCase()}, {request.patient.givenName}
                  <span className="nhsuk-u-visually-hidden"> (request {request.reference})</span>
                </Link>,
                requestSummary(request),
                request.status === 'claimed'
                  ? `Being triaged by ${request.claimedBy?.displayName ?? 'someone'}`
                  : 'Waiting',
              ],
            }))}
          />
        </ScrollingRegion>
      )}
    </>
  );
}
