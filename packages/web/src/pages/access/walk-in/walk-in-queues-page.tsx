import { fetchSites, type SiteListing } from '../../../api/organisation';
import { useApi } from '../../../api/use-api';
import { useState } from 'react';
import {
  createWalkInQueue,
  fetchWalkInQueues,
  updateWalkInQueue,
  type WalkInQueue,
} from '../../../api/walk-in';
import { BackLink } from '../../../components/back-link';
import { Button } from '../../../components/button';
import { Details } from '../../../components/details';
import { ErrorSummary, type ErrorSummaryItem } from '../../../components/error-summary';
import { PageHeading } from '../../../components/page-heading';
import { ProblemAlert } from '../../../components/problem-alert';
import { Select } from '../../../components/select';
import { SuccessBanner } from '../../../components/success-banner';
import { Table } from '../../../components/table';
import { TextInput } from '../../../components/text-input';
import { useDocumentTitle } from '../../../components/use-document-title';
import { fieldValue } from '../../../forms/form-data';
import { useFormSubmission } from '../../../forms/use-form-submission';
import { Link } from '../../../router/link';
import { useSession } from '../../../session/session-context';
import { mayUse } from '../../../session/use-permission';
import { LoadingPage } from '../../loading-page';
import { refusedItems } from '../../organisation/site-form-values';
import { useSavedNotice } from '../../organisation/use-saved-notice';
import { PermissionDeniedPage } from '../../permission-denied-page';
import { ServiceUnavailablePage } from '../../service-unavailable-page';

/** Where a queue's staff screen is. */
export const walkInQueuePath = (queueId: string) =>
  `/access/walk-in/${encodeURIComponent(queueId)}`;
/** Where a queue's public display is. */
export const walkInDisplayPath = (queueId: string) =>
  `/walk-in/${encodeURIComponent(queueId)}/display`;

/** The walk-in queues the user runs or sets up, and a form to set one up. */
export function WalkInQueuesPage() {
  useDocumentTitle('Walk-in clinics');
  const queues = useApi('walk-in queues', fetchWalkInQueues);
  const { notice, saved } = useSavedNotice(queues.reload);
  const { state } = useSession();
  const [problem, setProblem] = useState<string | null>(null);
  const [switching, setSwitching] = useState(false);
  if (queues.state.status === 'loading') return <LoadingPage />;
  if (queues.state.status === 'error') {
    if (queues.state.httpStatus === 403) return <PermissionDeniedPage what="walk-in clinics" />;
    return <ServiceUnavailablePage detail={queues.state.detail} />;
  }
  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/access">Back to access</BackLink>
      <PageHeading caption="Access">Walk-in clinics</PageHeading>
      <p className="nhsuk-lede-text">
        Open-access clinics such as phlebotomy: patients take a ticket, wait their turn and see
        their number called on the waiting room screen.
      </p>
      <ProblemAlert problem={problem} />
      {queues.state.data.length === 0 ? (
        <p>There are no walk-in queues you run.</p>
      ) : (
        <Table
          caption="Walk-in queues"
          head={['Queue', 'Site', 'Service', 'Minutes per patient', 'Open', 'Display']}
          rows={queues.state.data.map((q) => ({
            key: q.id,
            cells: [
              <Link key="queue" to={walkInQueuePath(q.id)}>
                {q.name}
              </Link>,
              q.siteName,
              q.service,
              String(q.minutesPerPatient),
              <OpenOrClosed
                key="open"
                queue={q}
                mayChange={
                  state.status === 'signed-in' && mayUse(state.me, 'access:manage', q.practiceId)
                }
                busy={switching}
                onSwitch={() => {
                  setProblem(null);
                  setSwitching(true);
                  updateWalkInQueue(q.id, {
                    name: q.name,
                    siteId: q.siteId,
                    service: q.service,
                    minutesPerPatient: q.minutesPerPatient,
                    open: !q.open,
                  })
                    .then((changed) => {
                      saved(`${changed.name} is ${changed.open ? 'open' : 'closed'}`);
                    })
                    .catch((error: unknown) => {
                      setProblem(
                        error instanceof Error ? error.message : 'The queue could not be changed',
                      );
                    })
                    .finally(() => {
                      setSwitching(false);
                    });
                }}
              />,
              <a key="display" href={walkInDisplayPath(q.id)}>
                Waiting room screen<span className="nhsuk-u-visually-hidden"> for {q.name}</span>
              </a>,
            ],
          }))}
        />
      )}
      <NewQueue
        // Not the banner's key: siblings with one key leave old banners on the page.
        key={`form ${String(notice?.version ?? 0)}`}
        onSaved={(q) => {
          saved(`${q.name} is set up`);
        }}
      />
    </>
  );
}

/**
 * Whether a queue is open, and for those who set queues up a button to open or close it: a
 * closed queue issues no tickets and its waiting room screen says so.
 */
function OpenOrClosed({
  queue,
  mayChange,
  busy,
  onSwitch,
}: {
  queue: WalkInQueue;
  mayChange: boolean;
  busy: boolean;
  onSwitch: () => void;
}) {
  const status = queue.open ? 'Open' : 'Closed';
  if (!mayChange) return status;
  return (
    <>
      {status}{' '}
      <Button
        type="button"
        variant="secondary"
        className="nhsuk-u-margin-bottom-0"
        aria-disabled={busy}
        onClick={() => {
          if (!busy) onSwitch();
        }}
      >
        {queue.open ? 'Close' : 'Open'}
        <span className="nhsuk-u-visually-hidden"> {queue.name}</span>
      </Button>
    </>
  );
}

const ids = {
  name: 'queue-name',
  site: 'queue-site',
  service: 'queue-service',
  minutes: 'queue-minutes',
} as const;

const idFor = (field: string) => {
  const name = field.split('/').pop();
  if (name === 'siteId') return ids.site;
  if (name === 'service') return ids.service;
  if (name === 'minutesPerPatient') return ids.minutes;
  return ids.name;
};

function NewQueue({ onSaved }: { onSaved: (queue: WalkInQueue) => void }) {
  const { state } = useSession();
  const sites = useApi('sites', fetchSites);
  if (state.status !== 'signed-in' || sites.state.status !== 'done') return null;
  const me = state.me;
  const mine = sites.state.data.filter((s) => mayUse(me, 'access:manage', s.practiceId));
  if (mine.length === 0) return null;
  return (
    <Details summary="Set up a walk-in queue">
      <QueueForm sites={mine} onSaved={onSaved} />
    </Details>
  );
}

function QueueForm({
  sites,
  onSaved,
}: {
  sites: readonly SiteListing[];
  onSaved: (queue: WalkInQueue) => void;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(idFor, ids.name),
  });
  const handleSubmit = onSubmit((form) => {
    const name = fieldValue(form, ids.name);
    const siteId = fieldValue(form, ids.site);
    const service = fieldValue(form, ids.service);
    const minutes = fieldValue(form, ids.minutes);
    const invalid: ErrorSummaryItem[] = [];
    if (name === '') invalid.push({ text: 'Enter the queue’s name', href: `#${ids.name}` });
    if (siteId === '') invalid.push({ text: 'Choose the site', href: `#${ids.site}` });
    if (service === '') invalid.push({ text: 'Enter the service', href: `#${ids.service}` });
    if (!/^\d+$/.test(minutes) || Number(minutes) < 1 || Number(minutes) > 120) {
      invalid.push({ text: 'Enter whole minutes per patient, 1 to 120', href: `#${ids.minutes}` });
    }
    if (invalid.length > 0) {
      setErrors(invalid);
      return;
    }
    void send(async () => {
      onSaved(
        await createWalkInQueue({
          name,
          siteId,
          service,
          minutesPerPatient: Number(minutes),
          open: true,
        }),
      );
    });
  });
  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <TextInput
          id={ids.name}
          label="Queue name"
          hint="For example, Morning bloods"
          error={fieldError(ids.name)}
        />
        <Select
          id={ids.site}
          label="Site"
          prompt={sites.length === 1 ? undefined : 'Choose a site'}
          options={sites.map((s) => ({
            value: s.id,
            label: s.practiceName ? `${s.name} (${s.practiceName})` : s.name,
          }))}
          error={fieldError(ids.site)}
        />
        <TextInput
          id={ids.service}
          label="Service"
          defaultValue="phlebotomy"
          error={fieldError(ids.service)}
        />
        <TextInput
          id={ids.minutes}
          label="Minutes per patient"
          hint="Used for estimated waits until the day’s own pace is known"
          inputMode="numeric"
          className="nhsuk-input--width-4"
          defaultValue="6"
          error={fieldError(ids.minutes)}
        />
        <Button aria-disabled={busy}>Set up the queue</Button>
      </form>
    </>
  );
}
