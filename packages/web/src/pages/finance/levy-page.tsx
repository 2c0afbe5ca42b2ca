import { useState } from 'react';
import {
  fetchFinanceSettings,
  fetchLevyInvoices,
  fetchProfitByCostCentre,
  type FinanceSettings,
} from '../../api/finance';
import type { Me } from '../../api/me';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Details } from '../../components/details';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryList } from '../../components/summary-list';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatPence } from '../../format/format';
import { LoadingPage } from '../loading-page';
import { useSavedNotice } from '../organisation/use-saved-notice';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { financeAccessOf } from './finance-access';
import { basisPointsToPercent } from './finance-figures';
import { basisLabel, frequencyLabel, vatLabel } from './finance-labels';
import { periodOf, recentFinancialYears } from './finance-periods';
import { LevyInvoicesTable } from './levy-invoices-table';
import { LevyRunForm } from './levy-run-form';
import { LevySettingsForm } from './levy-settings-form';
import { todayInEngland } from '../access/booking/booking-api';

type StatusFilter = '' | 'unpaid' | 'paid';

/** The levy as it is set, for everyone who reads finance. */
function SettingsSummary({ settings }: { settings: FinanceSettings }) {
  return (
    <SummaryList
      rows={[
        { key: 'Levy per patient per year', value: formatPence(settings.pencePerPatientPerYear) },
        { key: 'Charged on', value: basisLabel(settings.basis) },
        { key: 'Invoiced', value: frequencyLabel(settings.frequency) },
        { key: 'VAT', value: vatLabel(settings.vatTreatment) },
        {
          key: 'Standard VAT rate',
          value: `${basisPointsToPercent(settings.standardVatBasisPoints)}%`,
        },
        { key: 'Payment terms', value: `${String(settings.paymentTermsDays)} days` },
        { key: 'Central cost centre', value: settings.centralCostCentre?.name ?? 'None chosen' },
      ]}
    />
  );
}

/**
 * The levy (FIN-2): its settings, a run for a billing period and its invoices. Central finance
 * changes and runs it and records payments; practice managers see their own invoices (the
 * server gives each reader only the invoices in their reach).
 */
export function LevyPage({ me }: { me: Me }) {
  useDocumentTitle('Levy');
  const access = financeAccessOf(me);
  const [status, setStatus] = useState<StatusFilter>('');
  const settings = useApi('finance settings', fetchFinanceSettings);
  const invoices = useApi(`levy invoices ${status}`, () =>
    fetchLevyInvoices(status === '' ? {} : { status }),
  );
  const year = periodOf(recentFinancialYears(todayInEngland(), 1)[0] ?? 2026, 'year');
  const centres = useApi('levy centres', () =>
    access.manage ? fetchProfitByCostCentre(year) : Promise.resolve([]),
  );
  const { notice, saved } = useSavedNotice(async () => {
    await Promise.all([settings.reload(), invoices.reload()]);
  });

  for (const state of [settings.state, invoices.state]) {
    if (state.status === 'error' && state.httpStatus === 403) {
      return <PermissionDeniedPage what="the levy" />;
    }
    if (state.status === 'error') return <ServiceUnavailablePage detail={state.detail} />;
  }
  if (settings.state.status !== 'done') return <LoadingPage />;
  const current = settings.state.data;
  const invoiceList = invoices.state.status === 'done' ? invoices.state.data : invoices.last;

  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/finance">Finance</BackLink>
      <PageHeading caption="Finance">Levy</PageHeading>
      <h2>Settings</h2>
      {current.saved ? null : (
        <p>
          These are the defaults for your organisation’s form until they are saved.{' '}
          {current.defaultLevyWhy}
        </p>
      )}
      <SettingsSummary settings={current} />
      {access.manage ? (
        <Details summary="Change the levy settings">
          <LevySettingsForm
            key={`settings ${String(notice?.version ?? 0)}`}
            settings={current}
            costCentres={
              centres.state.status === 'done' ? centres.state.data.map((row) => row.costCentre) : []
            }
            onSaved={saved}
          />
        </Details>
      ) : null}
      {access.manage ? (
        <>
          <h2>Run the levy</h2>
          <LevyRunForm
            key={`run ${String(notice?.version ?? 0)}`}
            settings={current}
            onRun={saved}
          />
        </>
      ) : null}
      <h2>Invoices</h2>
      <Select
        id="levy-status"
        label="Show"
        options={[
          { value: '', label: 'All invoices' },
          { value: 'unpaid', label: 'Unpaid invoices' },
          { value: 'paid', label: 'Paid invoices' },
        ]}
        value={status}
        onChange={(event) => {
          const value = event.target.value;
          setStatus(value === 'paid' || value === 'unpaid' ? value : '');
        }}
      />
      {invoiceList ? (
        <LevyInvoicesTable
          key={`invoices ${String(notice?.version ?? 0)}`}
          caption="Levy invoices"
          invoices={invoiceList}
          canMarkPaid={access.manage}
          onPaid={saved}
        />
      ) : (
        <p>Loading the invoices…</p>
      )}
    </>
  );
}
