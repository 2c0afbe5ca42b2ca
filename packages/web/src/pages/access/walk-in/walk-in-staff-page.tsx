import { useEffect, useState } from 'react';
import { ApiError } from '../../../api/problem';
import { useApi } from '../../../api/use-api';
import {
  callNext,
  fetchLiveQueue,
  finishTicket,
  issueTicket,
  type LiveQueue,
} from '../../../api/walk-in';
import { BackLink } from '../../../components/back-link';
import { Button } from '../../../components/button';
import { ErrorSummary } from '../../../components/error-summary';
import { PageHeading } from '../../../components/page-heading';
import { SuccessBanner } from '../../../components/success-banner';
import { SummaryList } from '../../../components/summary-list';
import { Table } from '../../../components/table';
import { useDocumentTitle } from '../../../components/use-document-title';
import { LoadingPage } from '../../loading-page';
import { PermissionDeniedPage } from '../../permission-denied-page';
import { ServiceUnavailablePage } from '../../service-unavailable-page';
import { walkInDisplayPath } from './walk-in-queues-page';

/** How often the staff screen refreshes, in milliseconds. */
const REFRESH_MS = 10_000;

/** The staff screen of a walk-in queue: issue tickets, call the next, record them seen. */
export function WalkInStaffPage({ queueId }: { queueId: string }) {
  const live = useApi(`walk-in ${queueId}`, () => fetchLiveQueue(queueId));
  useDocumentTitle(live.last ? `${live.last.queue.name}: walk-in queue` : 'Walk-in queue');
  useEffect(() => {
    const timer = setInterval(() => void live.reload(), REFRESH_MS);
    return () => {
      clearInterval(timer);
    };
  }, [live]);
  if (live.state.status === 'loading') return <LoadingPage />;
  if (live.state.status === 'error') {
    if (live.state.httpStatus === 403 || live.state.httpStatus === 404) {
      return <PermissionDeniedPage what="this walk-in queue" />;
    }
    return <ServiceUnavailablePage detail={live.state.detail} />;
  }
  return <Staff queue={live.state.data} reload={live.reload} />;
}

function Staff({ queue, reload }: { queue: LiveQueue; reload: () => Promise<void> }) {
  const [message, setMessage] = useState<{ text: string; version: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<string>) => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const text = await work();
      await reload();
      setMessage((previous) => ({ text, version: (previous?.version ?? 0) + 1 }));
    } catch (error) {
      setProblem(error instanceof ApiError ? error.problem.detail : 'The request failed.');
    } finally {
      setBusy(false);
    }
  };
  const id = queue.queue.id;
  // Records a called ticket seen (`done`) or gone (`left`), with the ticket in its name.
  const finishButton = (
    ticket: { id: string; number: number },
    outcome: 'done' | 'left',
    label: string,
    done: string,
  ) => (
    <Button
      key={outcome}
      type="button"
      variant="secondary"
      className="nhsuk-u-margin-bottom-0"
      aria-disabled={busy}
      onClick={() =>
        void act(async () => {
          await finishTicket(id, ticket.id, outcome);
          return `Ticket ${String(ticket.number)} ${done}`;
        })
      }
    >
      {label}
      <span className="nhsuk-u-visually-hidden"> ticket {ticket.number}</span>
    </Button>
  );
  return (
    <>
      {message ? <SuccessBanner key={message.version}>{message.text}</SuccessBanner> : null}
      <BackLink to="/access/walk-in">Back to walk-in clinics</BackLink>
      <PageHeading caption={`${queue.queue.siteName}, ${queue.queue.service}`}>
        {queue.queue.name}
      </PageHeading>
      <ErrorSummary items={problem ? [{ text: problem, href: '#call-next' }] : []} />
      <SummaryList
        rows={[
          { key: 'Waiting', value: String(queue.waitingCount) },
          { key: 'Seen today', value: String(queue.seenToday) },
          {
            key: 'Wait for someone arriving now',
            value: `About ${String(queue.newArrivalWaitMinutes)} minutes (${String(queue.paceMinutes)} minutes a patient)`,
          },
          { key: 'Queue', value: queue.queue.open ? 'Open' : 'Closed' },
        ]}
      />
      <div className="nhsuk-button-group">
        <Button
          id="call-next"
          type="button"
          aria-disabled={busy}
          onClick={() =>
            void act(async () => `Ticket ${String((await callNext(id)).number)} called`)
          }
        >
          Call next
        </Button>
        <Button
          type="button"
          variant="secondary"
          aria-disabled={busy}
          onClick={() =>
            void act(async () => `Ticket ${String((await issueTicket(id)).number)} issued`)
          }
        >
          Issue a ticket
        </Button>
      </div>
      <p>
        <a href={walkInDisplayPath(id)}>Open the waiting room screen</a>
      </p>
      <h2>Called</h2>
      {queue.called.length === 0 ? (
        <p>Nobody is called and not yet seen.</p>
      ) : (
        <Table
          caption="Called, most recent first"
          head={['Ticket', 'Seen', 'Left']}
          rows={queue.called.map((t) => ({
            key: t.id,
            cells: [
              String(t.number),
              finishButton(t, 'done', 'Seen', 'seen'),
              finishButton(t, 'left', 'Left', 'left'),
            ],
          }))}
        />
      )}
      <h2>Waiting</h2>
      {queue.waiting.length === 0 ? (
        <p>Nobody is waiting.</p>
      ) : (
        <Table
          caption="Waiting, in order"
          head={['Ticket', 'Place in the queue', 'Estimated wait']}
          rows={queue.waiting.map((t) => ({
            key: t.id,
            cells: [
              String(t.number),
              String(t.position),
              `${String(t.estimatedWaitMinutes)} minutes`,
            ],
          }))}
        />
      )}
    </>
  );
}
