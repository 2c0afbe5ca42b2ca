import { useState } from 'react';
import {
  PERMISSIONS,
  SIGNIFICANT_EVENT_CATEGORY_LABELS,
  SIGNIFICANT_EVENT_KIND_LABELS,
  SIGNIFICANT_EVENT_KINDS,
  SIGNIFICANT_EVENT_STATUS_LABELS,
  SIGNIFICANT_EVENT_STATUSES,
} from '@atscale/domain';
import type { Me } from '../../api/me';
import { fetchSignificantEvents, type SignificantEventSummary } from '../../api/significant-events';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { WideTable } from '../../components/wide-table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';

/** The status tag of an event: closed grey, open blue, a late complaint red. */
export function EventStatusTag({ event }: { event: SignificantEventSummary }) {
  if (event.overdue !== null) {
    return (
      <strong className="nhsuk-tag nhsuk-tag--red">
        {event.overdue === 'acknowledgement' ? 'Acknowledgement late' : 'Response late'}
      </strong>
    );
  }
  const colour = event.status === 'closed' ? 'nhsuk-tag--grey' : 'nhsuk-tag--blue';
  return (
    <strong className={`nhsuk-tag ${colour}`}>
      {SIGNIFICANT_EVENT_STATUS_LABELS[event.status]}
    </strong>
  );
}

const ids = {
  kind: 'sea-filter-kind',
  status: 'sea-filter-status',
  practice: 'sea-filter-practice',
};

/**
 * Significant events and complaints: the list, filtered by kind, status and practice, with
 * links to report one and to the organisation's themes.
 */
export function SignificantEventsPage({ me }: { me: Me }) {
  useDocumentTitle('Significant events and complaints');
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const [practiceId, setPracticeId] = useState('');
  const events = useApi(`significant-events ${kind} ${status} ${practiceId}`, () =>
    fetchSignificantEvents({ kind, status, practiceId }),
  );
  const recorders: readonly string[] = PERMISSIONS['significant-events:record'];
  const canRecord = me.roles.some((r) => recorders.includes(r.role));
  if (events.state.status === 'error') {
    if (events.state.httpStatus === 403) return <PermissionDeniedPage what="significant events" />;
    return <ServiceUnavailablePage detail={events.state.detail} />;
  }
  const shown = events.state.status === 'done' ? events.state.data : events.last;
  if (shown === undefined) return <LoadingPage />;
  return (
    <>
      <BackLink to="/governance">Governance</BackLink>
      <PageHeading caption="Governance">Significant events and complaints</PageHeading>
      <p className="nhsuk-body-l">
        What went, or nearly went, wrong and what patients complained about: each investigated, its
        learning agreed and shared. The{' '}
        <Link to="/governance/significant-events/themes">themes</Link> show the whole organisation
        without naming practices.
      </p>
      {canRecord && (
        <p>
          <Link to="/governance/significant-events/new">
            Report a significant event or complaint
          </Link>
        </p>
      )}
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-third">
          <Select
            id={ids.kind}
            label="Kind"
            prompt="All kinds"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
            }}
            options={SIGNIFICANT_EVENT_KINDS.map((k) => ({
              value: k,
              label: SIGNIFICANT_EVENT_KIND_LABELS[k],
            }))}
          />
        </div>
        <div className="nhsuk-grid-column-one-third">
          <Select
            id={ids.status}
            label="Status"
            prompt="Any status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
            }}
            options={SIGNIFICANT_EVENT_STATUSES.map((s) => ({
              value: s,
              label: SIGNIFICANT_EVENT_STATUS_LABELS[s],
            }))}
          />
        </div>
        {me.practices.length > 1 && (
          <div className="nhsuk-grid-column-one-third">
            <Select
              id={ids.practice}
              label="Practice"
              prompt="Every practice"
              value={practiceId}
              onChange={(e) => {
                setPracticeId(e.target.value);
              }}
              options={me.practices.map((p) => ({ value: p.id, label: p.name }))}
            />
          </div>
        )}
      </div>
      <EventList events={shown} />
    </>
  );
}

function EventList({ events }: { events: readonly SignificantEventSummary[] }) {
  if (events.length === 0) return <p>No events match.</p>;
  return (
    <WideTable
      caption="Events"
      head={['Event', 'Kind', 'Practice', 'Category', 'Occurred', 'Status']}
      rows={events.map((e) => ({
        key: e.id,
        cells: [
          <Link key="title" to={`/governance/significant-events/${e.id}`}>
            {e.title}
          </Link>,
          SIGNIFICANT_EVENT_KIND_LABELS[e.kind],
          e.practiceName,
          SIGNIFICANT_EVENT_CATEGORY_LABELS[e.category],
          formatDate(e.occurredOn),
          <EventStatusTag key="status" event={e} />,
        ],
      }))}
    />
  );
}
