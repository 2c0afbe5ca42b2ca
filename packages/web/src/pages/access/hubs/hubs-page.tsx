import { fetchHubs, type Hub } from '../../../api/hubs';
import { useApi } from '../../../api/use-api';
import { BackLink } from '../../../components/back-link';
import { PageHeading } from '../../../components/page-heading';
import { SuccessBanner } from '../../../components/success-banner';
import { Table } from '../../../components/table';
import { useDocumentTitle } from '../../../components/use-document-title';
import { Link } from '../../../router/link';
import { LoadingPage } from '../../loading-page';
import { useSavedNotice } from '../../organisation/use-saved-notice';
import { PermissionDeniedPage } from '../../permission-denied-page';
import { ServiceUnavailablePage } from '../../service-unavailable-page';
import { ManagedHubForm } from './hub-form';

/** Where a hub's dashboard is. */
export const hubPath = (hubId: string) => `/access/hubs/${encodeURIComponent(hubId)}`;

/** The organisation's hubs, and (with access:manage) a form to set one up. */
export function HubsPage() {
  useDocumentTitle('Hubs');
  const hubs = useApi('hubs', fetchHubs);
  const { notice, saved } = useSavedNotice(hubs.reload);
  if (hubs.state.status === 'loading') return <LoadingPage />;
  if (hubs.state.status === 'error') {
    if (hubs.state.httpStatus === 403) return <PermissionDeniedPage what="hubs" />;
    return <ServiceUnavailablePage detail={hubs.state.detail} />;
  }
  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/access">Back to access</BackLink>
      <PageHeading caption="Access">Hubs</PageHeading>
      <p className="nhsuk-lede-text">
        Hubs shared by practices: each practice’s fair share of a day’s hub appointments follows its
        list size, and a share it leaves unused is released to every practice nearer the time.
      </p>
      <HubTable hubs={hubs.state.data} />
      <ManagedHubForm
        summary="Set up a hub"
        key={`form ${String(notice?.version ?? 0)}`}
        onSaved={(hub) => {
          saved(`${hub.name} is set up`);
        }}
      />
    </>
  );
}

function HubTable({ hubs }: { hubs: readonly Hub[] }) {
  if (hubs.length === 0) return <p>There are no hubs yet.</p>;
  return (
    <Table
      caption="Hubs"
      head={['Hub', 'Released', 'Sites', 'Practices and daily thresholds']}
      rows={hubs.map((hub) => ({
        key: hub.id,
        cells: [
          <Link key="hub" to={hubPath(hub.id)}>
            {hub.name}
          </Link>,
          `${String(hub.releaseLeadMinutes)} minutes before`,
          hub.sites.map((s) => s.name).join(', ') || 'None yet',
          hub.practices.map((p) => `${p.name} (${String(p.dailyThreshold)} a day)`).join(', ') ||
            'None yet',
        ],
      }))}
    />
  );
}
