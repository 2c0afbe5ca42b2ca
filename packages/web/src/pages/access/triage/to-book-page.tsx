import { OUTCOME_RULES } from '@atscale/domain';
import { useApi } from '../../../api/use-api';
import { BackLink } from '../../../components/back-link';
import { PageHeading } from '../../../components/page-heading';
import { Table } from '../../../components/table';
import { ScrollingRegion } from './scrolling-region';
import { useDocumentTitle } from '../../../components/use-document-title';
import { Link } from '../../../router/link';
import { PermissionDeniedPage } from '../../permission-denied-page';
import { formatDateTime, type PatientRequest } from '../requests/requests-api';
import { fetchToBook } from './triage-api';
import { UrgencyTags } from './triage-queue-page';

/** The slot finder, opened for this request's patient and the channel its outcome needs. */
function bookingLink(request: PatientRequest): string {
  const query = new URLSearchParams({ patientId: request.patient.id, requestId: request.id });
  const channel = request.outcome ? OUTCOME_RULES[request.outcome].channel : null;
  if (channel) query.set('channel', channel);
  return `/access/booking?${query.toString()}`;
}

/**
 * The navigators' worklist (ACC-2): triaged requests whose outcome needs an appointment and
 * that have none yet, most urgent first.
 */
export function ToBookPage() {
  useDocumentTitle('Requests to book');
  const list = useApi('to book', fetchToBook);
  if (list.state.status === 'error' && list.state.httpStatus === 403) {
    return <PermissionDeniedPage what="the list of requests to book" />;
  }
  return (
    <>
      <BackLink to="/access/triage">Back to the triage queue</BackLink>
      <PageHeading caption="Access">Requests to book</PageHeading>
      <p>
        Triaged requests that need an appointment and do not have one yet. A request leaves this
        list when an appointment is booked for it.
      </p>
      {list.state.status === 'loading' ? <p>Loading…</p> : null}
      {list.state.status === 'error' ? <p role="alert">{list.state.detail}</p> : null}
      {list.state.status === 'done' && list.state.data.length === 0 ? (
        <p>There is nothing to book.</p>
      ) : null}
      {list.state.status === 'done' && list.state.data.length > 0 ? (
        <ScrollingRegion label="Requests to book">
          <Table
            caption={`To book (${String(list.state.data.length)})`}
            head={['Urgency', 'Patient', 'Practice', 'Outcome', 'Due by', '']}
            rows={list.state.data.map((request) => ({
              key: request.id,
              cells: [
                <UrgencyTags urgency={request.urgency} overdue={request.overdue} />,
                <Link to={`/access/triage/requests/${encodeURIComponent(request.id)}`}>
                  {request.patient.familyName.toUpperCase()}, {request.patient.givenName}
                </Link>,
                request.practiceName,
                request.outcome
                  ? `${OUTCOME_RULES[request.outcome].label}${request.specialistService ? ` (${request.specialistService})` : ''}`
                  : '',
                formatDateTime(request.dueBy),
                <Link
                  to={bookingLink(request)}
                  aria-label={`Book for ${request.patient.givenName} ${request.patient.familyName}`}
                >
                  Book
                </Link>,
              ],
            }))}
          />
        </ScrollingRegion>
      ) : null}
    </>
  );
}
