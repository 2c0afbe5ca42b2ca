import { fetchLevyVsSavings, fetchSavings, type Saving } from '../../api/finance';
import type { Me } from '../../api/me';
import { fetchOrganisation } from '../../api/organisation';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Details } from '../../components/details';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { useDocumentTitle } from '../../components/use-document-title';
import { WideTable } from '../../components/wide-table';
import { formatDate, formatPence } from '../../format/format';
import { LoadingPage } from '../loading-page';
import { useSavedNotice } from '../organisation/use-saved-notice';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { financeAccessOf } from './finance-access';
import { savingServiceLabel } from './finance-labels';
import { LevyVsSavingsReport } from './levy-vs-savings-report';
import { PeriodPicker, usePeriod } from './period-picker';
import { SavingForm } from './saving-form';

/** The savings recorded for a period, newest period first as the server gives them. */
export function SavingsTable({ savings }: { savings: readonly Saving[] }) {
  if (savings.length === 0) return <p>No savings are recorded for this period.</p>;
  return (
    <WideTable
      caption="Savings recorded"
      head={['Practice', 'Service', 'Period', 'Amount', 'Note']}
      rows={savings.map((saving) => ({
        key: saving.id,
        cells: [
          saving.practice.name,
          savingServiceLabel(saving.service),
          `${formatDate(saving.periodFrom)} to ${formatDate(saving.periodTo)}`,
          formatPence(saving.amountPence),
          saving.note ?? '',
        ],
      }))}
    />
  );
}

/**
 * Central savings (FIN-3): what the central services saved each practice in a period, the
 * levy against them per practice with the organisation's net benefit, and, for central
 * finance, a form to record a saving.
 */
export function SavingsPage({ me }: { me: Me }) {
  useDocumentTitle('Central savings');
  const access = financeAccessOf(me);
  const periodState = usePeriod();
  const { period } = periodState;
  const key = `${period.from} ${period.to}`;
  const report = useApi(`levy vs savings ${key}`, () => fetchLevyVsSavings(period));
  const savings = useApi(`savings ${key}`, () => fetchSavings(period));
  const organisation = useApi('savings practices', () =>
    access.manage ? fetchOrganisation().then((org) => org.practices) : Promise.resolve([]),
  );
  const { notice, saved } = useSavedNotice(async () => {
    await Promise.all([report.reload(), savings.reload()]);
  });

  for (const state of [report.state, savings.state]) {
    if (state.status === 'error' && state.httpStatus === 403) {
      return <PermissionDeniedPage what="central savings" />;
    }
    if (state.status === 'error') return <ServiceUnavailablePage detail={state.detail} />;
  }
  const reportData = report.state.status === 'done' ? report.state.data : report.last;
  const savingList = savings.state.status === 'done' ? savings.state.data : savings.last;
  if (reportData === undefined && savingList === undefined) return <LoadingPage />;
  const practices =
    organisation.state.status === 'done'
      ? [...organisation.state.data].sort((a, b) => a.name.localeCompare(b.name))
      : [];

  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/finance">Finance</BackLink>
      <PageHeading caption="Finance">Central savings</PageHeading>
      <p>
        What the central services (accountancy, banking, the indemnity group deal, the buyers group
        and the locum pool) saved each practice, against the levy it paid for them.
      </p>
      <PeriodPicker id="savings" state={periodState} />
      {access.manage ? (
        <Details summary="Record a saving">
          <SavingForm
            key={`saving ${String(notice?.version ?? 0)} ${key}`}
            practices={practices}
            period={period}
            onSaved={saved}
          />
        </Details>
      ) : null}
      <h2>Levy against savings: {period.label}</h2>
      {reportData ? <LevyVsSavingsReport report={reportData} /> : <p>Loading the report…</p>}
      <h2>Savings recorded: {period.label}</h2>
      {savingList ? <SavingsTable savings={savingList} /> : <p>Loading the savings…</p>}
    </>
  );
}
