import { useState, type ReactNode } from 'react';
import { SLOT_SERVICE_LABELS, URGENCIES, URGENCY_LABELS } from '@atscale/domain';
import { fetchAccessSummary, type AccessSummary } from '../../api/access-summary';
import type { Me } from '../../api/me';
import { useApi } from '../../api/use-api';
import { capabilities, sectionPages } from '../../capabilities';
import { Button } from '../../components/button';
import { InsetText } from '../../components/inset-text';
import { LazyHorizontalBarChart } from '../../components/lazy-charts';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { WideTable } from '../../components/wide-table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatCount } from '../../format/format';
import { Link } from '../../router/link';
import { SectionPageItem } from '../capability-page';
import { formatDateTime } from './requests/requests-api';
import { useVisiblePolling } from './use-visible-polling';
import { walkInQueuePath } from './walk-in/walk-in-queues-page';

/** How often the overview asks for fresh counts while the tab is shown. */
export const SUMMARY_REFRESH_MS = 30_000;

const access = capabilities.find((capability) => capability.id === 'access');

/**
 * The Access section's own page (ACC-1..7): what a navigator, triager or practice manager opens
 * every morning. Today's counts for their practices (every practice for central roles), each
 * linking to the screen that acts on it, refreshed every 30 seconds while the tab is shown;
 * then a link to each of the section's pages.
 */
export function AccessPage({ me }: { me: Me }) {
  useDocumentTitle('Access');
  const [practiceId, setPracticeId] = useState('');
  const summary = useApi(`access summary ${practiceId}`, () =>
    fetchAccessSummary(practiceId === '' ? undefined : practiceId),
  );
  useVisiblePolling(summary.reload, SUMMARY_REFRESH_MS);
  const pages = sectionPages.filter((page) => page.capability === 'access');
  const data = summary.state.status === 'done' ? summary.state.data : summary.last;
  const refused = summary.state.status === 'error' && summary.state.httpStatus === 403;
  return (
    <>
      <PageHeading caption="Access">Access today</PageHeading>
      <p className="nhsuk-lede-text">{access?.description}</p>
      {refused ? (
        <InsetText>
          <p>Today’s counts are for those who see triage queues. The section’s pages are below.</p>
        </InsetText>
      ) : (
        <>
          <form
            className="nhsuk-u-margin-bottom-4"
            onSubmit={(event) => {
              event.preventDefault();
              void summary.reload();
            }}
          >
            {me.practices.length > 1 ? (
              <Select
                id="summary-practice"
                label="Practice"
                options={[
                  { value: '', label: 'All my practices' },
                  ...me.practices.map((p) => ({ value: p.id, label: p.name })),
                ]}
                value={practiceId}
                onChange={(event) => {
                  setPracticeId(event.target.value);
                }}
              />
            ) : null}
            <Button variant="secondary">Refresh now</Button>
          </form>
          {summary.state.status === 'error' ? (
            <p role="alert">Today’s counts could not be loaded: {summary.state.detail}</p>
          ) : null}
          {data ? <Overview summary={data} /> : <p>Loading today’s counts…</p>}
        </>
      )}
      <h2>All access pages</h2>
      <ul className="nhsuk-list">
        {pages.map((page) => (
          <SectionPageItem key={page.path} page={page} />
        ))}
      </ul>
    </>
  );
}

/** A headline count that links to the screen that acts on it. */
function Count({
  value,
  label,
  to,
  warning = false,
}: {
  value: number;
  label: string;
  to: string;
  warning?: boolean;
}) {
  return (
    <li>
      <strong className="nhsuk-heading-l nhsuk-u-margin-bottom-0">{formatCount(value)}</strong>{' '}
      <Link to={to}>{label}</Link>
      {warning && value > 0 ? (
        <>
          {' '}
          <strong className="nhsuk-tag nhsuk-tag--red">Act now</strong>
        </>
      ) : null}
    </li>
  );
}

/** A count in a table cell that links to where it is acted on, named in full for screen readers. */
function CountLink({ value, to, says }: { value: number; to: string; says: string }) {
  return (
    <Link to={to}>
      {formatCount(value)}
      <span className="nhsuk-u-visually-hidden"> {says}</span>
    </Link>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <h2>{title}</h2>
      {children}
    </>
  );
}

function Overview({ summary }: { summary: AccessSummary }) {
  const { requests } = summary;
  const byUrgency = [
    { label: 'Not yet assessed', value: requests.waitingByUrgency.unassessed },
    ...URGENCIES.map((u) => ({ label: URGENCY_LABELS[u], value: requests.waitingByUrgency[u] })),
  ];
  const openQueues = summary.walkIn.filter((q) => q.open);
  const closedQueues = summary.walkIn.length - openQueues.length;
  return (
    <>
      <p className="nhsuk-body-s" aria-live="polite">
        Counts as at {formatDateTime(summary.asAt)}; they refresh every 30 seconds.
      </p>
      <Section title="Requests">
        <ul className="nhsuk-list app-totals">
          <Count value={requests.waiting} label="waiting to be claimed" to="/access/triage" />
          <Count
            value={requests.overdue}
            label="past their urgency’s window, unclaimed"
            to="/access/triage"
            warning
          />
          <Count value={requests.claimed} label="being triaged" to="/access/triage" />
          <Count value={requests.triagedToday} label="triaged today" to="/access/triage/to-book" />
        </ul>
        {requests.waiting > 0 ? (
          <LazyHorizontalBarChart
            caption="Requests waiting, by urgency (the same numbers are in the table below)"
            data={byUrgency}
          />
        ) : null}
        <WideTable
          caption="Waiting, by urgency"
          head={['Urgency', 'Waiting']}
          rows={byUrgency.map((row) => ({
            key: row.label,
            cells: [
              row.label,
              <CountLink
                key="count"
                value={row.value}
                to="/access/triage"
                says={`waiting, ${row.label.toLowerCase()}`}
              />,
            ],
          }))}
        />
      </Section>
      <Section title="Free slots">
        {summary.freeSlots.length === 0 ? (
          <p>
            No free slots today or tomorrow. <Link to="/access/patterns">Session patterns</Link>{' '}
            make them.
          </p>
        ) : (
          <WideTable
            caption="Free slots by service, today from now and tomorrow"
            head={['Service', 'Today', 'Tomorrow']}
            rows={summary.freeSlots.map((s) => ({
              key: s.service,
              cells: [
                SLOT_SERVICE_LABELS[s.service],
                <CountLink
                  key="today"
                  value={s.today}
                  to="/access/booking"
                  says={`free ${SLOT_SERVICE_LABELS[s.service]} slots today`}
                />,
                <CountLink
                  key="tomorrow"
                  value={s.tomorrow}
                  to="/access/booking"
                  says={`free ${SLOT_SERVICE_LABELS[s.service]} slots tomorrow`}
                />,
              ],
            }))}
          />
        )}
      </Section>
      {summary.hubs.length > 0 ? (
        <Section title="Hub slots today">
          <WideTable
            caption="Hub places today and your fair share"
            head={['Hub', 'Places', 'Booked', 'Fair share', 'Share used', 'Released to others']}
            rows={summary.hubs.map((h) => ({
              key: h.id,
              cells: [
                <Link key="hub" to={`/access/hubs/${encodeURIComponent(h.id)}`}>
                  {h.name}
                </Link>,
                formatCount(h.capacity),
                formatCount(h.booked),
                formatCount(h.share),
                formatCount(h.used),
                formatCount(h.released),
              ],
            }))}
          />
        </Section>
      ) : null}
      <Section title="Walk-in clinics">
        {openQueues.length === 0 ? (
          <p>No walk-in queue is open.</p>
        ) : (
          <WideTable
            caption="Walk-in queues open"
            head={['Queue', 'Site', 'Waiting']}
            rows={openQueues.map((q) => ({
              key: q.id,
              cells: [
                <Link key="queue" to={walkInQueuePath(q.id)}>
                  {q.name}
                </Link>,
                q.siteName,
                <CountLink
                  key="waiting"
                  value={q.waiting}
                  to={walkInQueuePath(q.id)}
                  says={`waiting at ${q.name}`}
                />,
              ],
            }))}
          />
        )}
        {closedQueues > 0 ? (
          <p>
            <Link to="/access/walk-in">
              {formatCount(closedQueues)} {closedQueues === 1 ? 'queue is' : 'queues are'} closed
            </Link>
          </p>
        ) : null}
      </Section>
    </>
  );
}
