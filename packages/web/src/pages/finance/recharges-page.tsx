import { useState } from 'react';
import {
  financialYearLabel,
  ORGANISATION_FORM_LABELS,
  rechargeVatTreatment,
  type OrganisationForm,
} from '@atscale/domain';
import { fetchFinanceSettings } from '../../api/finance';
import type { Me } from '../../api/me';
import { fetchOrganisation } from '../../api/organisation';
import {
  fetchRechargeAgreements,
  fetchRechargeInvoices,
  type RechargeAgreement,
} from '../../api/recharges';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Details } from '../../components/details';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { useDocumentTitle } from '../../components/use-document-title';
import { WideTable } from '../../components/wide-table';
import { formatDate, formatPence } from '../../format/format';
import { LoadingPage } from '../loading-page';
import { useSavedNotice } from '../organisation/use-saved-notice';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { todayInEngland } from '../access/booking/booking-api';
import { financeAccessOf } from './finance-access';
import { basisPointsToPercent } from './finance-figures';
import { vatLabel } from './finance-labels';
import { recentFinancialYears, yearChoices } from './finance-periods';
import { RechargeAgreementForm } from './recharge-agreement-form';
import { agreementState } from './recharge-figures';
import { RechargeInvoicesTable } from './recharge-invoices-table';
import { RechargeRunForm } from './recharge-run-form';
import { RechargeUsagePanel } from './recharge-usage-panel';

type StatusFilter = '' | 'unpaid' | 'paid';

const isForm = (form: string): form is OrganisationForm => form in ORGANISATION_FORM_LABELS;

/** The agreements the user may see, one row each. */
function AgreementsTable({ agreements }: { agreements: readonly RechargeAgreement[] }) {
  const today = todayInEngland();
  if (agreements.length === 0) return <p>There are no recharge agreements to show.</p>;
  return (
    <WideTable
      caption="Recharge agreements"
      head={[
        'Service',
        'Provided by',
        'Received by',
        'Unit price',
        'VAT treatment',
        'From',
        'To',
        'Status',
      ]}
      rows={agreements.map((a) => ({
        key: a.id,
        cells: [
          a.serviceName,
          a.provider.name,
          a.recipient.name,
          `${formatPence(a.unitPricePence)} a ${a.unit}`,
          vatLabel(a.vatTreatment),
          formatDate(a.startsOn),
          a.endsOn === null ? 'No end date' : formatDate(a.endsOn),
          agreementState(a, today),
        ],
      }))}
    />
  );
}

/**
 * Recharges (FIN-5): services one member practice provides another, their usage, the monthly
 * invoices with VAT shown apart, and payments. Central finance agrees, records, invoices and
 * marks paid; a practice's people see what concerns their practice, read-only (the server
 * gives each reader only that).
 */
export function RechargesPage({ me }: { me: Me }) {
  useDocumentTitle('Recharges');
  const access = financeAccessOf(me);
  const today = todayInEngland();
  const years = recentFinancialYears(today, 3);
  const [year, setYear] = useState(years[0] ?? 2026);
  const [status, setStatus] = useState<StatusFilter>('');
  const [chosen, setChosen] = useState('');
  const agreements = useApi('recharge agreements', () => fetchRechargeAgreements());
  const invoices = useApi(`recharge invoices ${String(year)} ${status}`, () =>
    fetchRechargeInvoices({ financialYear: year, ...(status === '' ? {} : { status }) }),
  );
  const organisation = useApi('recharge organisation', fetchOrganisation);
  const settings = useApi('recharge settings', fetchFinanceSettings);
  const { notice, saved } = useSavedNotice(async () => {
    await Promise.all([agreements.reload(), invoices.reload()]);
  });

  for (const state of [agreements.state, invoices.state]) {
    if (state.status === 'error' && state.httpStatus === 403) {
      return <PermissionDeniedPage what="recharges" />;
    }
    if (state.status === 'error') return <ServiceUnavailablePage detail={state.detail} />;
  }
  const agreementList =
    agreements.state.status === 'done' ? agreements.state.data : agreements.last;
  if (agreementList === undefined) return <LoadingPage />;
  const invoiceList = invoices.state.status === 'done' ? invoices.state.data : invoices.last;
  const org = organisation.state.status === 'done' ? organisation.state.data : undefined;
  const rate =
    settings.state.status === 'done'
      ? `${basisPointsToPercent(settings.state.data.standardVatBasisPoints)}%`
      : 'the standard rate';
  const agreement = agreementList.find((a) => a.id === chosen) ?? agreementList[0];
  const version = notice?.version ?? 0;

  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/finance">Finance</BackLink>
      <PageHeading caption="Finance">Recharges</PageHeading>
      <p>
        A service one member practice provides another, such as an anticoagulation clinic for
        another practice’s patients or a shared member of staff, is charged at an agreed price per
        unit and invoiced monthly.
      </p>
      {org ? (
        <p>
          {isForm(org.form) ? ORGANISATION_FORM_LABELS[org.form] : org.form}:{' '}
          {rechargeVatTreatment(org.policy.vatOnServicesBetweenMembers, 'standard') === 'standard'
            ? `the members are separate businesses, so each service’s own VAT treatment applies on its invoices: exempt services bear no VAT, standard-rated ones ${rate}.`
            : 'the members are parts of one business, so a recharge between them is outside the scope of VAT whatever the service’s treatment.'}{' '}
          VAT is shown apart from the net on every invoice.
        </p>
      ) : null}

      <h2>Agreements</h2>
      <AgreementsTable agreements={agreementList} />
      {access.manage ? (
        <Details summary="Agree a new recharge">
          <RechargeAgreementForm
            key={`agreement ${String(version)}`}
            practices={org?.practices ?? []}
            onSaved={saved}
          />
        </Details>
      ) : null}

      {agreement ? (
        <>
          <h2>Usage</h2>
          <Select
            id="recharge-agreement"
            label="Agreement"
            options={agreementList.map((a) => ({
              value: a.id,
              label: `${a.serviceName}: ${a.provider.name} to ${a.recipient.name}`,
            }))}
            value={agreement.id}
            onChange={(event) => {
              setChosen(event.target.value);
            }}
          />
          <RechargeUsagePanel
            key={agreement.id}
            agreement={agreement}
            canManage={access.manage}
            version={version}
            onSaved={saved}
          />
        </>
      ) : null}

      {access.manage ? (
        <>
          <h2>Invoice a month’s recharges</h2>
          <RechargeRunForm key={`run ${String(version)}`} onRun={saved} />
        </>
      ) : null}

      <h2>Invoices</h2>
      <Select
        id="recharge-year"
        label="Financial year"
        options={yearChoices(years)}
        value={String(year)}
        onChange={(event) => {
          setYear(Number(event.target.value));
        }}
      />
      <Select
        id="recharge-status"
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
        <RechargeInvoicesTable
          key={`invoices ${String(version)}`}
          caption={`Recharge invoices ${financialYearLabel(year)}`}
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
