import {
  fetchLevyInvoices,
  fetchLevyVsSavings,
  fetchProfitAndLoss,
  fetchSavings,
  type ProfitAndLoss,
} from '../../api/finance';
import { fetchCostCentres } from '../../api/cost-centres';
import type { Me } from '../../api/me';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryList } from '../../components/summary-list';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatPence } from '../../format/format';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { useSavedNotice } from '../organisation/use-saved-notice';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { financeAccessOf } from './finance-access';
import { LevyInvoicesTable } from './levy-invoices-table';
import { PeriodPicker, usePeriod } from './period-picker';
import { PracticePayments } from './practice-payments';
import { PracticeRecharges } from './practice-recharges';
import { changeText } from './profit-and-loss-table';
import { SavingsTable } from './savings-page';

/** The path of a practice's finance page. */
export const practiceFinancePath = (practiceId: string): string =>
  `/finance/practices/${encodeURIComponent(practiceId)}`;

/** The headline profit and loss of the practice's cost centre, against last year. */
function ProfitSummary({ pl }: { pl: ProfitAndLoss }) {
  const perPartner = (pence: number | null) =>
    pence === null ? 'No equity partners' : formatPence(pence);
  return (
    <SummaryList
      rows={[
        { key: 'Income', value: formatPence(pl.totals.incomePence) },
        { key: 'Expenditure', value: formatPence(pl.totals.expenditurePence) },
        { key: 'Profit', value: formatPence(pl.totals.profitPence) },
        {
          key: 'Profit the same period last year',
          value: formatPence(pl.lastYearTotals.profitPence),
        },
        { key: 'Change', value: changeText(pl.totals.profitPence, pl.lastYearTotals.profitPence) },
        { key: 'Profit per partner', value: perPartner(pl.profitPerPartnerPence) },
      ]}
    />
  );
}

/**
 * One practice's finances on one page (FIN-1..4), what its manager opens: the profit and loss
 * of its cost centre, its levy invoices, the savings the central services made it, and its
 * payments due and overdue.
 */
export function PracticeFinancePage({ practiceId, me }: { practiceId: string; me: Me }) {
  const periodState = usePeriod();
  const { period } = periodState;
  const key = `${period.from} ${period.to}`;
  const centres = useApi('practice finance centres', () => fetchCostCentres());
  const centre =
    centres.state.status === 'done'
      ? centres.state.data.costCentres.find((c) => c.practices.some((p) => p.id === practiceId))
      : undefined;
  const practice =
    centres.state.status === 'done'
      ? [
          ...centres.state.data.costCentres.flatMap((c) => c.practices),
          ...centres.state.data.unassignedPractices,
        ].find((p) => p.id === practiceId)
      : undefined;
  useDocumentTitle(practice ? `Finance: ${practice.name}` : 'Practice finance');
  const pl = useApi(`practice pl ${key} ${centre?.id ?? 'none'}`, () =>
    centre ? fetchProfitAndLoss(period, centre.id) : Promise.resolve(null),
  );
  const invoices = useApi(`practice invoices ${practiceId}`, () =>
    fetchLevyInvoices({ practiceId }),
  );
  const savings = useApi(`practice savings ${practiceId} ${key}`, () =>
    fetchSavings(period, practiceId),
  );
  const report = useApi(`practice levy vs savings ${key}`, () => fetchLevyVsSavings(period));
  const { notice, saved } = useSavedNotice(invoices.reload);
  const access = financeAccessOf(me);

  if (centres.state.status === 'error')
    return <ServiceUnavailablePage detail={centres.state.detail} />;
  if (centres.state.status === 'loading') return <LoadingPage />;
  if (!practice) return <NotFoundPage />;
  for (const state of [invoices.state, savings.state]) {
    if (state.status === 'error' && state.httpStatus === 403) {
      return <PermissionDeniedPage what={`the finances of ${practice.name}`} />;
    }
    if (state.status === 'error') return <ServiceUnavailablePage detail={state.detail} />;
  }
  const plData = pl.state.status === 'done' ? pl.state.data : pl.last;
  const invoiceList = invoices.state.status === 'done' ? invoices.state.data : invoices.last;
  const savingList = savings.state.status === 'done' ? savings.state.data : savings.last;
  const figures =
    report.state.status === 'done'
      ? report.state.data.practices.find((row) => row.practice.id === practiceId)
      : undefined;

  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/finance">Finance</BackLink>
      <PageHeading caption="Practice finance">{practice.name}</PageHeading>
      <PeriodPicker id="practice-finance" state={periodState} />

      <h2>Profit and loss: {period.label}</h2>
      {centre ? (
        <p>
          Cost centre {centre.name} ({centre.code})
          {centre.practices.length > 1
            ? `, shared with ${centre.practices
                .filter((p) => p.id !== practiceId)
                .map((p) => p.name)
                .join(', ')}`
            : ''}
          . <Link to="/finance/profit-and-loss">See every line</Link>
        </p>
      ) : (
        <p>The practice is not in a cost centre, so it has no profit and loss yet.</p>
      )}
      {pl.state.status === 'error' ? (
        <p>The profit and loss could not be loaded: {pl.state.detail}</p>
      ) : plData ? (
        <ProfitSummary pl={plData} />
      ) : centre ? (
        <p>Loading the profit and loss…</p>
      ) : null}

      <h2>Levy invoices</h2>
      {invoiceList ? (
        <LevyInvoicesTable
          key={`invoices ${String(notice?.version ?? 0)}`}
          caption={`Levy invoices of ${practice.name}`}
          invoices={invoiceList}
          canMarkPaid={access.manage}
          onPaid={saved}
        />
      ) : (
        <p>Loading the invoices…</p>
      )}

      <h2>Savings from the central services: {period.label}</h2>
      {figures ? (
        <SummaryList
          rows={[
            { key: 'Levy invoiced', value: formatPence(figures.levyPence) },
            { key: 'Levy paid', value: formatPence(figures.levyPaidPence) },
            { key: 'Savings', value: formatPence(figures.savingsPence) },
            { key: 'Net benefit', value: formatPence(figures.netBenefitPence) },
          ]}
        />
      ) : null}
      {savingList ? <SavingsTable savings={savingList} /> : <p>Loading the savings…</p>}

      <h2>Recharges</h2>
      <PracticeRecharges practiceId={practiceId} />

      <h2>Payments due and overdue</h2>
      <PracticePayments
        practiceId={practiceId}
        practiceName={practice.name}
        canManage={access.manage}
      />
    </>
  );
}

/**
 * The practice finance page with no practice named: a practice manager's own practice, or a
 * list to choose from for anyone who sees more than one.
 */
export function MyPracticeFinancePage({ me }: { me: Me }) {
  useDocumentTitle('Practice finance');
  const access = financeAccessOf(me);
  const practices = access.orgWide
    ? me.practices
    : me.practices.filter((p) => access.practiceIds.includes(p.id));
  const [only] = practices;
  if (practices.length === 1 && only) return <PracticeFinancePage practiceId={only.id} me={me} />;
  return (
    <>
      <BackLink to="/finance">Finance</BackLink>
      <PageHeading caption="Finance">Practice finance</PageHeading>
      {practices.length === 0 ? (
        <p>There are no practices whose finances you may see.</p>
      ) : (
        <>
          <p>Choose a practice to see its profit and loss, levy invoices and savings.</p>
          <ul className="nhsuk-list">
            {[...practices]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((p) => (
                <li key={p.id}>
                  <Link to={practiceFinancePath(p.id)}>{p.name}</Link>
                </li>
              ))}
          </ul>
        </>
      )}
    </>
  );
}
